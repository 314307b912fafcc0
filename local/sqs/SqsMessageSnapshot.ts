import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { LocalSqsMessageAttribute, LocalSqsQueue, LocalSqsService } from './localAwsSqsInternals.js';
import type { QueueInstrumentation, TrackedMessage } from './QueueInstrumentation.js';
import { parseStateFile } from '../stateFile.js';

/** Queue attributes `CreateQueue` accepts; the rest of `GetQueueAttributes` is computed. */
const SETTABLE_ATTRIBUTES = [
  'DelaySeconds', 'MaximumMessageSize', 'MessageRetentionPeriod', 'Policy', 'ReceiveMessageWaitTimeSeconds',
  'VisibilityTimeout', 'RedrivePolicy', 'RedriveAllowPolicy', 'KmsMasterKeyId', 'KmsDataKeyReusePeriodSeconds',
  'SqsManagedSseEnabled', 'FifoQueue', 'ContentBasedDeduplication', 'DeduplicationScope', 'FifoThroughputLimit',
];

export interface SnapshotQueue {
  QueueName: string;
  Attributes: Record<string, string>;
  tags: Record<string, string>;
}

export interface SnapshotMessage {
  MessageId: string;
  MessageBody: string;
  MessageAttributes?: Record<string, LocalSqsMessageAttribute>;
  /** System attributes as SQS reports them (receive count, timestamps, group id, …). */
  attributes: Record<string, string>;
  /** Epoch ms when a delayed message becomes visible. */
  visibleFrom: number;
  /** The message was in flight (received, not deleted) when the snapshot was taken. */
  inFlight: boolean;
  /** Epoch ms when an in-flight message's visibility timeout ends. */
  invisibleUntil?: number;
  /** The receipt handle of its last receive, so a consumer can still delete it after a restart. */
  receiptHandle?: string;
}

/** What `.local/sqs/messages.json` holds. */
export interface SqsSnapshot {
  version: 1;
  savedAt: string;
  queues: SnapshotQueue[];
  messages: Record<string, SnapshotMessage[]>;
  /** The last line of `journal.ndjson` this snapshot includes. */
  journalSeq?: number;
}

/** Builds a snapshot of every queue and the messages it holds. */
export function takeSnapshot(service: LocalSqsService & { deletingQueues?: Set<string> }, instrumentation: QueueInstrumentation): SqsSnapshot {
  const now = Date.now();
  const snapshot: SqsSnapshot = { version: 1, savedAt: new Date(now).toISOString(), queues: [], messages: {} };
  for (const queue of liveQueues(service)) {
    snapshot.queues.push(snapshotQueue(queue));
    const messages: SnapshotMessage[] = [];
    for (const tracked of instrumentation.messagesOf(queue.QueueName)) {
      const { record } = tracked.entry;
      if (Number(record.attributes.SentTimestamp) + queue.MessageRetentionPeriod * 1000 <= now) {
        instrumentation.forget(queue.QueueName, record.MessageId);
        continue;
      }
      messages.push(snapshotMessage(tracked));
    }
    snapshot.messages[queue.QueueName] = messages;
  }
  return snapshot;
}

/** The queues that exist (not being deleted). */
export function liveQueues(service: LocalSqsService & { deletingQueues?: Set<string> }): LocalSqsQueue[] {
  return service.Queues.filter((queue) => !service.deletingQueues?.has(queue.QueueName));
}

/** A queue's name, settable attributes and tags. */
export function snapshotQueue(queue: LocalSqsQueue): SnapshotQueue {
  return { QueueName: queue.QueueName, Attributes: settableAttributes(queue), tags: { ...queue.Tags } };
}

/** One tracked message as the snapshot and the journal store it. */
export function snapshotMessage({ entry, visibleFrom, invisibleUntil }: TrackedMessage): SnapshotMessage {
  const { record } = entry;
  return {
    MessageId: record.MessageId,
    MessageBody: record.MessageBody,
    ...(record.MessageAttributes ? { MessageAttributes: record.MessageAttributes } : {}),
    attributes: { ...record.attributes },
    visibleFrom,
    inFlight: !entry.visible,
    ...(!entry.visible && invisibleUntil !== undefined ? { invisibleUntil } : {}),
    ...(!entry.visible && record.ReceiptHandle ? { receiptHandle: record.ReceiptHandle } : {}),
  };
}

/** Writes a snapshot atomically and durably (temporary file, fsync, rename, fsync of the folder). */
export function writeSnapshot(path: string, snapshot: SqsSnapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, JSON.stringify(snapshot));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, path);
  const folder = openSync(dirname(path), 'r');
  try {
    fsyncSync(folder);
  } finally {
    closeSync(folder);
  }
}

/** What to do about a damaged SQS state file. */
export const SQS_DAMAGED_REMEDY =
  'It holds the embedded SQS queues and messages. Move the sqs folder aside to start with the template\'s queues empty, or repair the file.';

const isSnapshot = (value: unknown): value is SqsSnapshot =>
  typeof value === 'object' && value !== null && Array.isArray((value as SqsSnapshot).queues) && typeof (value as SqsSnapshot).messages === 'object';

/** Reads a snapshot; undefined when there is none. A corrupt file is an error, never silently dropped. */
export function readSnapshot(path: string): SqsSnapshot | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf-8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const parsed = parseStateFile(path, text, SQS_DAMAGED_REMEDY, isSnapshot);
  if (parsed.version !== 1) throw new Error(`${path}: unsupported SQS snapshot version ${String(parsed.version)}`);
  return parsed;
}

/**
 * Puts a snapshot's messages back into queues that already exist (created from `snapshot.queues`).
 * Message ids, bodies, attributes and receive counts are kept. A message in flight stays invisible
 * until its visibility timeout ends, with its receipt handle still valid; one whose timeout ended
 * while the server was down becomes visible, or goes to the dead-letter queue if its receive count
 * already reached the queue's `maxReceiveCount` (what SQS would have done).
 */
export function restoreMessages(service: LocalSqsService, instrumentation: QueueInstrumentation, snapshot: SqsSnapshot): number {
  let restored = 0;
  const now = Date.now();
  for (const [queueName, messages] of Object.entries(snapshot.messages)) {
    const queue = service.Queues.find((candidate) => candidate.QueueName === queueName);
    if (!queue) continue;
    for (const message of messages) {
      if (Number(message.attributes.SentTimestamp) + queue.MessageRetentionPeriod * 1000 <= now) continue;
      const stillInFlight = message.inFlight && (message.invisibleUntil ?? 0) > now;
      const target: LocalSqsQueue = stillInFlight ? queue : targetQueue(service, queue, message);
      const attributes = { ...message.attributes };
      if (target !== queue) attributes.DeadLetterQueueSourceArn = queueArn(service, queue);
      target.setRecord(
        {
          MessageBody: message.MessageBody,
          ...(message.MessageAttributes ? { MessageAttributes: message.MessageAttributes } : {}),
          ...(attributes.MessageGroupId ? { MessageGroupId: attributes.MessageGroupId } : {}),
          ...(attributes.MessageDeduplicationId ? { MessageDeduplicationId: attributes.MessageDeduplicationId } : {}),
          DelaySeconds: Math.max(0, Math.ceil((message.visibleFrom - now) / 1000)),
        },
        message.MessageId,
      );
      const stored = instrumentation.find(target.QueueName, message.MessageId);
      if (stored) Object.assign(stored.entry.record.attributes, attributes);
      if (stored && stillInFlight) keepInFlight(target, stored, message);
      restored++;
    }
  }
  return restored;
}

/** Hides a restored message until its visibility deadline, under its old receipt handle. */
function keepInFlight(queue: LocalSqsQueue, stored: TrackedMessage, message: SnapshotMessage): void {
  const handle = message.receiptHandle ?? stored.entry.record.ReceiptHandle;
  stored.entry.record.ReceiptHandle = handle;
  // The package's ChangeMessageVisibility needs the message in flight (FIFO) and re-arms its timer
  // (with the redrive check when it ends); the instrumentation keeps the receive count.
  stored.entry.visible = false;
  queue.changeVisibility(handle, Math.max(0, (message.invisibleUntil ?? 0) - Date.now()) / 1000);
}

function targetQueue(service: LocalSqsService, queue: LocalSqsQueue, message: SnapshotMessage): LocalSqsQueue {
  const policy = queue.RedrivePolicy;
  if (!message.inFlight || !policy) return queue;
  if (Number(message.attributes.ApproximateReceiveCount) < policy.maxReceiveCount) return queue;
  const dlqName = policy.deadLetterTargetArn.split(':').pop();
  return service.Queues.find((candidate) => candidate.QueueName === dlqName) ?? queue;
}

function queueArn(service: LocalSqsService, queue: LocalSqsQueue): string {
  return `arn:aws:sqs:${service.REGION}:${service.ACCOUNT_ID}:${queue.QueueName}`;
}

function settableAttributes(queue: LocalSqsQueue): Record<string, string> {
  const all = queue.getAttributes(['All']) ?? {};
  const attributes: Record<string, string> = {};
  for (const name of SETTABLE_ATTRIBUTES) {
    if (all[name] !== undefined) attributes[name] = all[name];
  }
  return attributes;
}
