/**
 * Runs a task's prompt with Bedrock Converse. Errors are sorted at this boundary: those a later
 * delivery may get past (throttling, timeouts, 5xx) become `RetryableModelError`, the rest
 * `PermanentModelError`. The SDK's retry strategy has already retried with backoff by then.
 */
import { ConverseCommand, type BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { awsErrorCode } from '../lib/awsErrors.js';
import { PermanentModelError, RetryableModelError } from './errors.js';
import type { TaskModelReply } from './taskTypes.js';

const RETRYABLE = new Set([
  'ThrottlingException',
  'ServiceUnavailableException',
  'ModelNotReadyException',
  'ModelTimeoutException',
  'InternalServerException',
  'TimeoutError',
]);

export interface TaskModel {
  run(prompt: string): Promise<TaskModelReply>;
}

export class BedrockTaskModel implements TaskModel {
  readonly #client: BedrockRuntimeClient;
  readonly #modelId: string;
  readonly #maxTokens: number;

  constructor(client: BedrockRuntimeClient, options: { modelId: string; maxTokens: number }) {
    this.#client = client;
    this.#modelId = options.modelId;
    this.#maxTokens = options.maxTokens;
  }

  async run(prompt: string): Promise<TaskModelReply> {
    try {
      const output = await this.#client.send(
        new ConverseCommand({
          modelId: this.#modelId,
          messages: [{ role: 'user', content: [{ text: prompt }] }],
          inferenceConfig: { maxTokens: this.#maxTokens },
        }),
      );
      const text = (output.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
      return {
        text,
        modelId: this.#modelId,
        ...(output.stopReason ? { stopReason: output.stopReason } : {}),
        ...(output.usage ? { usage: output.usage } : {}),
      };
    } catch (error) {
      const code = awsErrorCode(error) ?? 'UnknownError';
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (RETRYABLE.has(code) || (status !== undefined && status >= 500) || status === undefined) {
        throw new RetryableModelError(`Model call failed (${code}); the task will be retried`, { cause: error });
      }
      const detail = error instanceof Error && error.message ? `: ${error.message}` : '';
      throw new PermanentModelError(`The model refused the task (${code})${detail}`, { cause: error });
    }
  }
}
