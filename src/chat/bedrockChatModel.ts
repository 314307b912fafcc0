/**
 * The chat model on Amazon Bedrock: Converse and ConverseStream with a fixed model id and max tokens.
 * The conversation is fitted to the model's context window before it is sent (`contextWindow.ts`).
 * Bedrock errors are translated to HTTP errors here, at the boundary (see `modelErrors.ts`).
 */
import { ConverseCommand, ConverseStreamCommand } from '@aws-sdk/client-bedrock-runtime';
import type { BedrockRuntimeClient, ConverseStreamOutput, Message } from '@aws-sdk/client-bedrock-runtime';
import { fitToContextWindow } from './contextWindow.js';
import type { ChatModel, ModelReply } from './conversationTypes.js';
import { modelHttpError } from './modelErrors.js';

export interface BedrockChatModelOptions {
  modelId: string;
  maxTokens: number;
  /** The model's context window in tokens (default 200 000). */
  contextWindowTokens?: number;
}

export class BedrockChatModel implements ChatModel {
  readonly modelId: string;
  readonly #client: BedrockRuntimeClient;
  readonly #maxTokens: number;
  readonly #inputBudget: number;

  constructor(client: BedrockRuntimeClient, options: BedrockChatModelOptions) {
    this.#client = client;
    this.modelId = options.modelId;
    this.#maxTokens = options.maxTokens;
    this.#inputBudget = (options.contextWindowTokens ?? 200_000) - options.maxTokens;
  }

  async converse(history: Message[], signal?: AbortSignal): Promise<ModelReply> {
    const messages = fitToContextWindow(history, this.#inputBudget);
    try {
      const output = await this.#client.send(
        new ConverseCommand({ modelId: this.modelId, messages, inferenceConfig: { maxTokens: this.#maxTokens } }),
        signal ? { abortSignal: signal } : undefined,
      );
      const text = (output.output?.message?.content ?? []).map((block) => block.text ?? '').join('');
      return { text, stopReason: output.stopReason, usage: output.usage };
    } catch (error) {
      throw modelHttpError(error);
    }
  }

  async converseStream(history: Message[], signal: AbortSignal): Promise<AsyncIterable<ConverseStreamOutput>> {
    const messages = fitToContextWindow(history, this.#inputBudget);
    let stream: AsyncIterable<ConverseStreamOutput> | undefined;
    try {
      const output = await this.#client.send(
        new ConverseStreamCommand({ modelId: this.modelId, messages, inferenceConfig: { maxTokens: this.#maxTokens } }),
        { abortSignal: signal },
      );
      stream = output.stream;
    } catch (error) {
      throw modelHttpError(error);
    }
    if (!stream) throw modelHttpError(new Error('ConverseStream answered without a stream'));
    return translateStreamErrors(stream);
  }
}

/** Re-raises an exception thrown mid-stream (`throttlingException`, `modelStreamErrorException`, …) as an HTTP error. */
async function* translateStreamErrors(stream: AsyncIterable<ConverseStreamOutput>): AsyncGenerator<ConverseStreamOutput> {
  try {
    yield* stream;
  } catch (error) {
    throw modelHttpError(error);
  }
}
