import type { Message, MessageAttributeValue } from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSMessageAttribute, SQSMessageAttributes, SQSRecord, SQSRecordAttributes } from 'aws-lambda';

/** The queue a batch came from. */
export interface SqsEventSource {
  queueArn: string;
  region: string;
}

/** System attributes Lambda copies into `record.attributes`, in Lambda's order. */
const RECORD_ATTRIBUTES = [
  'ApproximateReceiveCount',
  'AWSTraceHeader',
  'SentTimestamp',
  'SequenceNumber',
  'MessageGroupId',
  'SenderId',
  'MessageDeduplicationId',
  'ApproximateFirstReceiveTimestamp',
  'DeadLetterQueueSourceArn',
] as const;

/**
 * Builds the `SQSEvent` Lambda's event source mapping passes to a function, from messages as
 * `ReceiveMessage` returned them (asked with `AttributeNames: ['All']`, `MessageAttributeNames: ['All']`).
 *
 * @example
 * const event = buildSqsEvent(received.Messages ?? [], { queueArn, region: 'us-east-1' });
 */
export function buildSqsEvent(messages: Message[], source: SqsEventSource): SQSEvent {
  return { Records: messages.map((message) => buildSqsRecord(message, source)) };
}

/** One record of an `SQSEvent`, shaped as Lambda shapes it. */
export function buildSqsRecord(message: Message, source: SqsEventSource): SQSRecord {
  const record: SQSRecord = {
    messageId: message.MessageId ?? '',
    receiptHandle: message.ReceiptHandle ?? '',
    body: message.Body ?? '',
    attributes: recordAttributes(message.Attributes ?? {}),
    messageAttributes: recordMessageAttributes(message.MessageAttributes ?? {}),
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: source.queueArn,
    awsRegion: source.region,
  };
  if (message.MD5OfMessageAttributes) record.md5OfMessageAttributes = message.MD5OfMessageAttributes;
  return record;
}

function recordAttributes(attributes: Record<string, string>): SQSRecordAttributes {
  const result: Record<string, string> = {};
  for (const name of RECORD_ATTRIBUTES) {
    const value = attributes[name];
    if (value !== undefined && value !== '') result[name] = value;
  }
  return {
    ...result,
    ApproximateReceiveCount: result.ApproximateReceiveCount ?? '1',
    SentTimestamp: result.SentTimestamp ?? '',
    SenderId: result.SenderId ?? '',
    ApproximateFirstReceiveTimestamp: result.ApproximateFirstReceiveTimestamp ?? '',
  };
}

function recordMessageAttributes(attributes: Record<string, MessageAttributeValue>): SQSMessageAttributes {
  const result: SQSMessageAttributes = {};
  for (const [name, value] of Object.entries(attributes)) result[name] = lambdaMessageAttribute(value);
  return result;
}

/** Lambda's shape: camelCase, binary as base64, list values always present (and empty). */
function lambdaMessageAttribute(value: MessageAttributeValue): SQSMessageAttribute {
  return {
    ...(value.StringValue !== undefined ? { stringValue: value.StringValue } : {}),
    ...(value.BinaryValue !== undefined ? { binaryValue: Buffer.from(value.BinaryValue).toString('base64') } : {}),
    stringListValues: [],
    binaryListValues: [],
    dataType: value.DataType ?? 'String',
  };
}
