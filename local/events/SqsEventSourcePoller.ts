import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  type Message,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import type { LambdaRuntime } from '../runtime/types.js';
import { LOCAL_REGION, type SqsEventSourceDef } from '../template/model.js';
import { buildSqsEvent } from './buildSqsEvent.js';
import { settleBatch } from './settleBatch.js';

/** Lambda's synchronous invocation payload limit: a batch is cut before it would pass it. */
const MAX_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Room for a record's fields besides its body and attributes. */
const RECORD_OVERHEAD_BYTES = 1024;
const LONG_POLL_SECONDS = 20;
const ERROR_BACKOFF_MS = 1000;

export interface SqsEventSourcePollerOptions {
  source: SqsEventSourceDef;
  sqs: SQSClient;
  runtime: LambdaRuntime;
  /** Batches invoked at the same time (see `eventSourceConcurrency`). */
  concurrency: number;
  region?: string;
  /** Longest long poll in seconds (SQS allows 20). */
  longPollSeconds?: number;
  /** The clock `MaximumBatchingWindowInSeconds` runs on (the stack's; default real time). */
  now?: () => number;
  log?: (line: string) => void;
}

/** Counters of one poller, for logs and tests. */
export interface SqsEventSourceStats {
  batches: number;
  messages: number;
  deleted: number;
  failedBatches: number;
}

/**
 * One SQS event source mapping, as Lambda runs it: long-polls the queue, gathers up to
 * `BatchSize` messages (waiting up to `MaximumBatchingWindowInSeconds` for more), invokes the
 * function with an `SQSEvent`, then deletes what succeeded and leaves the rest in flight, to
 * reappear after the queue's visibility timeout (its `RedrivePolicy` moves them to the
 * dead-letter queue at `maxReceiveCount`). At most `concurrency` batches run at once.
 *
 * `stop()` ends the long poll, hands messages received but not yet given to the function back
 * to the queue (`ChangeMessageVisibility` 0) and waits for running invocations to settle.
 *
 * @example
 * const poller = new SqsEventSourcePoller({ source, sqs, runtime, concurrency: 5 });
 * await poller.start();
 * await poller.stop();
 */
export class SqsEventSourcePoller {
  readonly stats: SqsEventSourceStats = { batches: 0, messages: 0, deleted: 0, failedBatches: 0 };
  private readonly abort = new AbortController();
  private readonly running = new Set<Promise<void>>();
  private readonly carryOver: Message[] = [];
  private queueUrl = '';
  private loop: Promise<void> | undefined;
  private pauseUntil = 0;

  constructor(private readonly options: SqsEventSourcePollerOptions) {}

  /** Looks the queue up and starts polling (resolves once polling runs). */
  async start(): Promise<void> {
    if (this.loop) return;
    const queueName = this.options.source.queueArn.split(':').pop() ?? '';
    const { QueueUrl } = await this.options.sqs.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (!QueueUrl) throw new Error(`SQS event source ${this.name}: queue ${queueName} not found`);
    this.queueUrl = QueueUrl;
    this.loop = this.pollLoop();
  }

  /** Stops polling, returns unprocessed messages to the queue, waits for running batches. */
  async stop(): Promise<void> {
    if (!this.abort.signal.aborted) this.abort.abort();
    await this.loop;
    await this.returnToQueue(this.carryOver.splice(0));
    await Promise.allSettled([...this.running]);
  }

  /** `<FunctionLogicalId>/<EventId>`. */
  get name(): string {
    return `${this.options.source.functionLogicalId}/${this.options.source.eventId}`;
  }

  private get stopping(): boolean {
    return this.abort.signal.aborted;
  }

  private async pollLoop(): Promise<void> {
    while (!this.stopping) {
      await this.acquireSlot();
      if (this.stopping) break;
      let batch: Message[];
      try {
        await this.pauseIfAsked();
        batch = await this.gatherBatch();
      } catch (error) {
        if (this.stopping) break;
        this.options.log?.(`sqs event source ${this.name}: receive failed: ${String(error)}`);
        await sleep(ERROR_BACKOFF_MS, this.abort.signal);
        continue;
      }
      if (batch.length === 0) continue;
      if (this.stopping) {
        await this.returnToQueue(batch);
        break;
      }
      const run = this.processBatch(batch).finally(() => this.running.delete(run));
      this.running.add(run);
    }
  }

  /** Waits until fewer than `concurrency` batches run. */
  private async acquireSlot(): Promise<void> {
    while (this.running.size >= Math.max(1, this.options.concurrency)) {
      await Promise.race(this.running);
    }
  }

  private async pauseIfAsked(): Promise<void> {
    const wait = this.pauseUntil - Date.now();
    if (wait > 0) await sleep(wait, this.abort.signal);
  }

  /** Up to `BatchSize` messages: one long poll, then more until the batch is full or the window ends. */
  private async gatherBatch(): Promise<Message[]> {
    const { batchSize, maximumBatchingWindowInSeconds } = this.options.source;
    const batch = this.carryOver.splice(0);
    let bytes = batch.reduce((sum, message) => sum + messageBytes(message), 0);
    if (batch.length === 0) {
      const first = await this.receive(Math.min(10, batchSize), this.options.longPollSeconds ?? LONG_POLL_SECONDS);
      bytes = this.addToBatch(batch, first, bytes);
    }
    if (batch.length === 0) return batch;
    const now = this.options.now ?? Date.now;
    const deadline = now() + maximumBatchingWindowInSeconds * 1000;
    try {
      while (batch.length < batchSize && this.carryOver.length === 0 && !this.stopping) {
        const remainingMs = deadline - now();
        if (remainingMs <= 0) break;
        const waitSeconds = Math.min(LONG_POLL_SECONDS, Math.floor(remainingMs / 1000));
        const more = await this.receive(Math.min(10, batchSize - batch.length), waitSeconds);
        bytes = this.addToBatch(batch, more, bytes);
        if (more.length === 0 && waitSeconds === 0) await sleep(Math.min(remainingMs, 50), this.abort.signal);
      }
    } catch (error) {
      // What was gathered is in flight: invoke with it rather than lose it until its visibility timeout.
      this.options.log?.(`sqs event source ${this.name}: receive failed while batching: ${String(error)}`);
    }
    return batch;
  }

  /** Adds messages while the payload stays under Lambda's limit; the rest waits for the next batch. */
  private addToBatch(batch: Message[], messages: Message[], bytes: number): number {
    let total = bytes;
    for (const message of messages) {
      const size = messageBytes(message);
      if (batch.length > 0 && (total + size > MAX_PAYLOAD_BYTES || this.carryOver.length > 0)) {
        this.carryOver.push(message);
        continue;
      }
      batch.push(message);
      total += size;
    }
    return total;
  }

  /** Messages from one `ReceiveMessage`; none once `stop()` aborted the call. */
  private async receive(maxMessages: number, waitSeconds: number): Promise<Message[]> {
    if (this.stopping) return [];
    try {
      return await this.receiveOnce(maxMessages, waitSeconds);
    } catch (error) {
      if (this.stopping) return [];
      throw error;
    }
  }

  private async receiveOnce(maxMessages: number, waitSeconds: number): Promise<Message[]> {
    const received = await this.options.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: maxMessages,
        WaitTimeSeconds: waitSeconds,
        AttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
      { abortSignal: this.abort.signal },
    );
    return received.Messages ?? [];
  }

  private async processBatch(messages: Message[]): Promise<void> {
    const { source, runtime } = this.options;
    const event = buildSqsEvent(messages, { queueArn: source.queueArn, region: this.options.region ?? LOCAL_REGION });
    this.stats.batches++;
    this.stats.messages += messages.length;
    try {
      const result = await runtime.invoke(source.functionLogicalId, event);
      const settlement = settleBatch(result, event.Records, source.reportBatchItemFailures);
      await this.deleteFromQueue(settlement.deleteRecords);
      if (settlement.failure) {
        this.stats.failedBatches++;
        this.options.log?.(`sqs event source ${this.name}: ${settlement.failure}; ${settlement.keepRecords.length} message(s) left for retry`);
      }
      // Lambda backs off when the function is throttled.
      if (result.status === 'throttled') this.pauseUntil = Date.now() + ERROR_BACKOFF_MS;
    } catch (error) {
      this.stats.failedBatches++;
      this.options.log?.(`sqs event source ${this.name}: batch failed: ${String(error)}`);
    }
  }

  private async deleteFromQueue(records: SQSRecord[]): Promise<void> {
    for (let start = 0; start < records.length; start += 10) {
      const chunk = records.slice(start, start + 10);
      const result = await this.options.sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((record, index) => ({ Id: String(index), ReceiptHandle: record.receiptHandle })),
        }),
      );
      this.stats.deleted += result.Successful?.length ?? 0;
      for (const failed of result.Failed ?? []) {
        this.options.log?.(`sqs event source ${this.name}: could not delete a message: ${failed.Code ?? ''} ${failed.Message ?? ''}`);
      }
    }
  }

  /** Makes received messages visible again at once, without waiting for their visibility timeout. */
  private async returnToQueue(messages: Message[]): Promise<void> {
    for (let start = 0; start < messages.length; start += 10) {
      const chunk = messages.slice(start, start + 10);
      try {
        await this.options.sqs.send(
          new ChangeMessageVisibilityBatchCommand({
            QueueUrl: this.queueUrl,
            Entries: chunk.map((message, index) => ({ Id: String(index), ReceiptHandle: message.ReceiptHandle ?? '', VisibilityTimeout: 0 })),
          }),
        );
      } catch (error) {
        this.options.log?.(`sqs event source ${this.name}: could not return ${chunk.length} message(s) to the queue: ${String(error)}`);
      }
    }
  }
}

function messageBytes(message: Message): number {
  let bytes = Buffer.byteLength(message.Body ?? '') + RECORD_OVERHEAD_BYTES;
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    bytes += name.length + (value.StringValue?.length ?? 0) + (value.BinaryValue?.length ?? 0) * 2;
  }
  return bytes;
}

/** Resolves after `ms`, or at once when the signal aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
