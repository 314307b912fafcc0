import { randomUUID } from 'node:crypto';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig } from '../stack/localClientConfig.js';
import type { InvokeResult, LambdaRuntime } from '../runtime/types.js';
import { LOCAL_ACCOUNT_ID, type FunctionDef, type TemplateModel } from '../template/model.js';

export interface AsyncInvokerOptions {
  /** Where `OnFailure`/DLQ queues live. */
  sqsEndpoint?: string;
  /**
   * Waits before the first and second retry. Lambda waits about one and two minutes ("Error handling and
   * automatic retries", read 2026-12-07); locally one and two seconds unless set.
   */
  retryDelaysMs?: [number, number];
  log?: (line: string) => void;
}

/** What the `OnFailure` destination receives (Lambda's invocation record for asynchronous invocations). */
export interface AsyncFailureRecord {
  version: '1.0';
  timestamp: string;
  requestContext: { requestId: string; functionArn: string; condition: 'RetriesExhausted'; approximateInvokeCount: number };
  requestPayload: unknown;
  responseContext: { statusCode: 200; executedVersion: '$LATEST'; functionError: 'Unhandled' };
  responsePayload: { errorType: string; errorMessage: string; trace?: string[] };
}

/**
 * Lambda's asynchronous invocation (`InvocationType: Event`): queued, retried twice on a function error
 * (or `EventInvokeConfig.MaximumRetryAttempts`), then sent to `DestinationConfig.OnFailure` or the
 * `DeadLetterQueue`, if any. Throttles are retried without using up attempts.
 */
export class AsyncInvoker {
  private readonly inFlight = new Set<Promise<boolean>>();
  private readonly timers = new Map<NodeJS.Timeout, () => void>();
  private readonly sqsEndpoint: string | undefined;
  private closed = false;
  private readonly sqs: SQSClient | undefined;
  private readonly delays: [number, number];
  private readonly log: (line: string) => void;

  constructor(
    private readonly runtime: LambdaRuntime,
    private readonly model: TemplateModel,
    options: AsyncInvokerOptions = {},
  ) {
    this.sqsEndpoint = options.sqsEndpoint;
    this.sqs = options.sqsEndpoint ? new SQSClient(localClientConfig(options.sqsEndpoint)) : undefined;
    this.delays = options.retryDelaysMs ?? [1000, 2000];
    this.log = options.log ?? (() => {});
  }

  /** Accepts the event (Lambda's 202) and runs it in the background. */
  invoke(fn: FunctionDef, event: unknown): string {
    const requestId = randomUUID();
    void this.invokeUntilSettled(fn, event, requestId);
    return requestId;
  }

  /**
   * Runs the event in the background; resolves true once it is settled (the function succeeded, or the
   * failure went to its destination, DLQ or was dropped), false when the invoker closed first.
   */
  invokeUntilSettled(fn: FunctionDef, event: unknown, requestId = randomUUID()): Promise<boolean> {
    const run = this.run(fn, event, requestId).catch((error: Error) => {
      this.log(`[async] ${fn.logicalId}: ${error.message}`);
      return false;
    });
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  private async run(fn: FunctionDef, event: unknown, requestId: string): Promise<boolean> {
    const maxAttempts = 1 + (fn.asyncInvoke?.maximumRetryAttempts ?? 2);
    let attempts = 0;
    let throttles = 0;
    let last: InvokeResult | undefined;
    while (attempts < maxAttempts && !this.closed) {
      last = await this.runtime.invoke(fn.logicalId, event);
      if (last.status === 'ok') return true;
      if (last.status === 'throttled' && throttles++ < 10) {
        await this.wait(this.delays[0]);
        continue;
      }
      attempts++;
      this.log(`[async] ${fn.logicalId} attempt ${attempts}/${maxAttempts} failed: ${last.error.errorType}: ${last.error.errorMessage}`);
      if (attempts < maxAttempts) await this.wait(this.delays[Math.min(attempts - 1, 1)]);
    }
    if (!last || this.closed) return false;
    if (last.status === 'ok') return true;
    await this.deliverFailure(fn, event, requestId, attempts, last.error);
    return true;
  }

  private async deliverFailure(fn: FunctionDef, event: unknown, requestId: string, attempts: number, error: { errorType: string; errorMessage: string; trace?: string[] }): Promise<void> {
    const onFailure = fn.asyncInvoke?.onFailure;
    const record: AsyncFailureRecord = {
      version: '1.0',
      timestamp: new Date().toISOString(),
      requestContext: { requestId, functionArn: `${fn.arn}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: attempts },
      requestPayload: event,
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      responsePayload: error,
    };
    if (onFailure && onFailure.arn.startsWith('arn:aws:sqs:')) {
      await this.send(onFailure.arn, JSON.stringify(record));
      this.log(`[async] ${fn.logicalId}: retries exhausted, record sent to ${onFailure.arn}`);
    } else if (onFailure && onFailure.arn.startsWith('arn:aws:lambda:')) {
      const target = this.model.functions.find((f) => f.arn === onFailure.arn);
      if (target) this.invoke(target, record);
    } else if (fn.asyncInvoke?.deadLetterQueueArn) {
      await this.send(fn.asyncInvoke.deadLetterQueueArn, JSON.stringify(event), { RequestID: requestId, ErrorCode: '200', ErrorMessage: error.errorMessage.slice(0, 256) });
      this.log(`[async] ${fn.logicalId}: retries exhausted, event sent to its dead-letter queue`);
    } else {
      this.log(`[async] ${fn.logicalId}: retries exhausted, event dropped (no OnFailure destination or DeadLetterQueue)`);
    }
  }

  private async send(queueArn: string, body: string, attributes: Record<string, string> = {}): Promise<void> {
    if (!this.sqs) throw new Error(`no SQS to deliver to ${queueArn}`);
    const name = queueArn.split(':').at(-1)!;
    await this.sqs.send(
      new SendMessageCommand({
        QueueUrl: `${this.sqsEndpoint!.replace(/\/$/, '')}/${LOCAL_ACCOUNT_ID}/${name}`,
        MessageBody: body,
        MessageAttributes: Object.fromEntries(Object.entries(attributes).map(([k, v]) => [k, { DataType: 'String', StringValue: v }])),
      }),
    );
  }

  private wait(ms: number): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  /** Stops retrying and waits for the invocations under way. */
  async close(): Promise<void> {
    this.closed = true;
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve();
    }
    await Promise.allSettled([...this.inFlight]);
    this.sqs?.destroy();
  }
}
