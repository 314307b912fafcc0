import { AsyncLocalStorage } from 'node:async_hooks';
import {
  REQUIRED_QUEUE_MEMBERS,
  messageIdOfReceiptHandle,
  type LocalSqsEntry,
  type LocalSqsQueue,
  type LocalSqsReceiveInput,
  type LocalSqsRecord,
} from './localAwsSqsInternals.js';

/** A message the instrumentation knows to be stored in a queue. */
export interface TrackedMessage {
  entry: LocalSqsEntry;
  /** Epoch ms when a delayed message becomes visible. */
  visibleFrom: number;
  /** Epoch ms when a received message's visibility timeout ends (its last receive or visibility change). */
  invisibleUntil?: number;
}

/** The request a queue operation runs for: a long poll stops waiting once it is gone. */
export interface RequestScope {
  closed: boolean;
}

const POLL_INTERVAL_MS = 10;

/**
 * Wraps `local-aws-sqs` queue objects to bring two behaviours in line with SQS and to track
 * the stored messages for {@link SqsMessageSnapshot}:
 *
 * - A long poll (`WaitTimeSeconds` > 0) returns as soon as at least one message is available,
 *   as SQS does; the package waits until `MaxNumberOfMessages` are there or the wait ends.
 *   A short poll returns at once when the queue is empty. A long poll ends early when its
 *   client disconnects or the server closes, so it never takes messages nobody will read.
 * - `ChangeMessageVisibility` does not count as a receive (the package adds one to
 *   `ApproximateReceiveCount`, which pushes returned messages to the dead-letter queue early).
 * - `ApproximateNumberOfMessages` counts only messages available for retrieval, as in SQS.
 */
export class QueueInstrumentation {
  readonly requestScope = new AsyncLocalStorage<RequestScope>();
  private readonly tracked = new Map<string, Map<string, TrackedMessage>>();
  private readonly instrumented = new WeakSet<LocalSqsQueue>();
  private closing = false;
  /** Bumped on every change worth saving. */
  revision = 0;

  /**
   * @param onChange told of every message that was stored, received, changed, moved or removed.
   * @param now the clock a long poll's `WaitTimeSeconds` runs on (the stack's: an advance ends it).
   */
  constructor(
    private readonly onChange: (queueName: string, messageId: string) => void = () => undefined,
    private readonly now: () => number = Date.now,
  ) {}

  /** Wraps a queue once; later calls for the same queue do nothing. */
  instrument(queue: LocalSqsQueue): void {
    if (this.instrumented.has(queue)) return;
    for (const member of REQUIRED_QUEUE_MEMBERS) {
      if (typeof queue[member] !== 'function') {
        throw new Error(`local-aws-sqs: queue member ${member}() not found; the installed version is not supported`);
      }
    }
    this.instrumented.add(queue);
    this.wrapNewRecord(queue);
    this.wrapReceive(queue);
    this.wrapChangeVisibility(queue);
    this.wrapDelete(queue);
    this.wrapClearRecords(queue);
    this.wrapGetAttributes(queue);
  }

  /** Messages tracked for a queue, in the order they were stored. */
  messagesOf(queueName: string): TrackedMessage[] {
    return [...(this.tracked.get(queueName)?.values() ?? [])];
  }

  /** Epoch ms the oldest message still stored in a queue was sent (in flight or not), if any. */
  oldestSentTimestamp(queueName: string): number | undefined {
    let oldest: number | undefined;
    for (const { entry } of this.tracked.get(queueName)?.values() ?? []) {
      const sent = Number(entry.record.attributes.SentTimestamp);
      if (sent > 0 && (oldest === undefined || sent < oldest)) oldest = sent;
    }
    return oldest;
  }

  /** The tracked message with this id in a queue. */
  find(queueName: string, messageId: string): TrackedMessage | undefined {
    return this.tracked.get(queueName)?.get(messageId);
  }

  /** Forgets a message (it expired or its queue is gone). */
  forget(queueName: string, messageId: string): void {
    this.tracked.get(queueName)?.delete(messageId);
  }

  /** Makes every waiting long poll return now. */
  close(): void {
    this.closing = true;
  }

  private trackedOf(queueName: string): Map<string, TrackedMessage> {
    let messages = this.tracked.get(queueName);
    if (!messages) {
      messages = new Map();
      this.tracked.set(queueName, messages);
    }
    return messages;
  }

  /** Records when received (or re-timed) messages become visible again, as the package computes it. */
  private noteInvisible(queue: LocalSqsQueue, messageIds: string[], at: number, visibilityTimeout: unknown): void {
    const requested = Number(visibilityTimeout);
    const seconds = visibilityTimeout !== undefined && visibilityTimeout !== null && !Number.isNaN(requested) ? requested : queue.VisibilityTimeout;
    for (const messageId of messageIds) {
      const tracked = this.tracked.get(queue.QueueName)?.get(messageId);
      if (!tracked) continue;
      tracked.invisibleUntil = at + seconds * 1000;
      this.onChange(queue.QueueName, messageId);
    }
  }

  private wrapNewRecord(queue: LocalSqsQueue): void {
    const original = queue.newRecord;
    queue.newRecord = (record: LocalSqsRecord, delaySeconds?: number): LocalSqsEntry => {
      const entry = original.call(queue, record, delaySeconds);
      const messageId = entry.record.MessageId;
      // A redrive to the dead-letter queue stores the message there under the same id.
      for (const [name, messages] of this.tracked) {
        if (name !== queue.QueueName && messages.delete(messageId)) this.onChange(name, messageId);
      }
      const delay = delaySeconds === undefined || Number.isNaN(Number(delaySeconds)) ? queue.DelaySeconds : Number(delaySeconds);
      this.trackedOf(queue.QueueName).set(messageId, { entry, visibleFrom: Date.now() + delay * 1000 });
      this.revision++;
      this.onChange(queue.QueueName, messageId);
      return entry;
    };
  }

  private wrapReceive(queue: LocalSqsQueue): void {
    const original = queue.receive;
    const originalGetAttributes = queue.getAttributes;
    queue.receive = async (input: LocalSqsReceiveInput): Promise<LocalSqsRecord[]> => {
      const waitSeconds = Number(input.WaitTimeSeconds ?? queue.ReceiveMessageWaitTimeSeconds) || 0;
      const max = Number(input.MaxNumberOfMessages ?? 1) || 1;
      const deadline = this.now() + waitSeconds * 1000;
      const scope = this.requestScope.getStore();
      for (;;) {
        const available = availableCount(queue, originalGetAttributes);
        if (available > 0) {
          const receivedAt = Date.now();
          const records = await original.call(queue, { ...input, WaitTimeSeconds: 0, MaxNumberOfMessages: Math.min(max, available) });
          if (records.length > 0) this.revision++;
          this.noteInvisible(queue, records.map((record) => record.MessageId), receivedAt, input.VisibilityTimeout);
          if (records.length > 0 || this.now() >= deadline) return records;
        }
        if (this.now() >= deadline || this.closing || scope?.closed) return [];
        await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
      }
    };
  }

  private wrapChangeVisibility(queue: LocalSqsQueue): void {
    const original = queue.changeVisibility;
    queue.changeVisibility = (receiptHandle: string, visibilityTimeout: string | number): boolean => {
      const messageId = messageIdOfReceiptHandle(receiptHandle);
      const tracked = messageId ? this.tracked.get(queue.QueueName)?.get(messageId) : undefined;
      const countBefore = tracked?.entry.record.attributes.ApproximateReceiveCount;
      const changedAt = Date.now();
      const changed = original.call(queue, receiptHandle, visibilityTimeout);
      if (tracked && countBefore !== undefined) tracked.entry.record.attributes.ApproximateReceiveCount = countBefore;
      if (changed && messageId) this.noteInvisible(queue, [messageId], changedAt, visibilityTimeout);
      this.revision++;
      return changed;
    };
  }

  private wrapDelete(queue: LocalSqsQueue): void {
    const original = queue.delete;
    queue.delete = (receiptHandle: string): boolean => {
      const deleted = original.call(queue, receiptHandle);
      const messageId = messageIdOfReceiptHandle(receiptHandle);
      if (deleted && messageId && this.tracked.get(queue.QueueName)?.delete(messageId)) this.onChange(queue.QueueName, messageId);
      this.revision++;
      return deleted;
    };
  }

  /** SQS's `ApproximateNumberOfMessages` counts messages available now; the package also counts those in flight. */
  private wrapGetAttributes(queue: LocalSqsQueue): void {
    const original = queue.getAttributes;
    queue.getAttributes = (names?: string[]): Record<string, string> | undefined => {
      const attributes = original.call(queue, names);
      if (attributes?.ApproximateNumberOfMessages !== undefined) {
        attributes.ApproximateNumberOfMessages = String(availableCount(queue, original));
      }
      return attributes;
    };
  }

  private wrapClearRecords(queue: LocalSqsQueue): void {
    const original = queue.clearRecords;
    queue.clearRecords = (): void => {
      original.call(queue);
      const messages = this.tracked.get(queue.QueueName);
      for (const messageId of messages?.keys() ?? []) this.onChange(queue.QueueName, messageId);
      messages?.clear();
      this.revision++;
    };
  }
}

/** Messages a receive can take now: stored, not delayed, not in flight (from the package's own counts). */
function availableCount(queue: LocalSqsQueue, getAttributes: LocalSqsQueue['getAttributes']): number {
  const counts = getAttributes.call(queue, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']) ?? {};
  return Number(counts.ApproximateNumberOfMessages ?? 0) - Number(counts.ApproximateNumberOfMessagesNotVisible ?? 0);
}
