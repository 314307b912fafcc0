/**
 * The parts of `local-aws-sqs` 2.0.x internals the kit touches, typed structurally.
 *
 * The package exports only `createRequestHandler` (which returns its `SqsService`); its queue
 * objects are reachable through `service.Queues`. `QueueInstrumentation` wraps a few of their
 * members (`newRecord`, `receive`, `changeVisibility`, `delete`, `clearRecords`) to fix two
 * behaviours and to track messages for the snapshot. `test/unit/sqs/` fails if an upgrade of
 * the package removes one of these members.
 */

/** A message as the package stores it (`Queue.createRecord`). */
export interface LocalSqsRecord {
  MessageId: string;
  ReceiptHandle: string;
  MessageBody: string;
  MD5OfMessageBody: string;
  MD5OfMessageAttributes?: string;
  MessageAttributes?: Record<string, LocalSqsMessageAttribute>;
  /** System attributes: ApproximateReceiveCount, SentTimestamp, SenderId, … as strings. */
  attributes: Record<string, string>;
}

export interface LocalSqsMessageAttribute {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** One entry of a queue's private record list (the object `newRecord` returns). */
export interface LocalSqsEntry {
  visible: boolean;
  delayed: boolean;
  record: LocalSqsRecord;
}

/** Input of `Queue.setRecord` (a parsed `SendMessage`). */
export interface LocalSqsSendInput {
  MessageBody: string;
  MessageAttributes?: Record<string, LocalSqsMessageAttribute>;
  MessageSystemAttributes?: Record<string, LocalSqsMessageAttribute>;
  MessageGroupId?: string;
  MessageDeduplicationId?: string;
  DelaySeconds?: number | string;
}

export interface LocalSqsReceiveInput {
  VisibilityTimeout?: number | string;
  WaitTimeSeconds?: number | string;
  MaxNumberOfMessages?: number | string;
}

/** A queue of the package (class `Queue`, not exported by it). */
export interface LocalSqsQueue {
  readonly QueueName: string;
  readonly FifoQueue: boolean;
  readonly QueueUrl: string;
  VisibilityTimeout: number;
  ReceiveMessageWaitTimeSeconds: number;
  MessageRetentionPeriod: number;
  DelaySeconds: number;
  RedrivePolicy?: { deadLetterTargetArn: string; maxReceiveCount: number };
  /** Epoch seconds (fractional) of the last attribute, tag or permission change. */
  LastModifiedTimestamp: number;
  Tags: Record<string, string>;
  setRecord(input: LocalSqsSendInput, messageId?: string): unknown;
  newRecord(record: LocalSqsRecord, delaySeconds?: number): LocalSqsEntry;
  receive(input: LocalSqsReceiveInput): Promise<LocalSqsRecord[]>;
  delete(receiptHandle: string): boolean;
  changeVisibility(receiptHandle: string, visibilityTimeout: string | number): boolean;
  clearRecords(): void;
  getAttributes(names?: string[]): Record<string, string> | undefined;
}

/** The package's `SqsService`. */
export interface LocalSqsService {
  PORT: number;
  HOSTNAME: string;
  REGION: string;
  ACCOUNT_ID: string;
  Queues: LocalSqsQueue[];
}

/** The members `QueueInstrumentation` needs; checked at start so an upgrade fails loudly. */
export const REQUIRED_QUEUE_MEMBERS = ['setRecord', 'newRecord', 'receive', 'delete', 'changeVisibility', 'clearRecords', 'getAttributes'] as const;

/** Reads the message id a receipt handle of the package carries (base64 of `<uuid>{json}`). */
export function messageIdOfReceiptHandle(receiptHandle: string): string | undefined {
  try {
    const text = Buffer.from(receiptHandle, 'base64').toString('utf-8');
    const parsed = JSON.parse(text.slice(text.indexOf('{'))) as { MessageId?: unknown };
    return typeof parsed.MessageId === 'string' ? parsed.MessageId : undefined;
  } catch {
    return undefined;
  }
}
