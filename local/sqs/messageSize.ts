/**
 * A message's size as SQS counts it: UTF-8 bytes of the body plus each message attribute's name,
 * data type and value (SQS developer guide, "Amazon SQS message quotas" and "message metadata",
 * read 2026-12-07). `local-aws-sqs` counts UTF-16 code units instead, so a body of multi-byte
 * characters could pass locally and fail on AWS; this check runs first, against the queue's
 * `MaximumMessageSize`.
 */
import { SqsError } from './errors.js';

export function messageBytes(message: { MessageBody?: unknown; MessageAttributes?: unknown }): number {
  let size = typeof message.MessageBody === 'string' ? Buffer.byteLength(message.MessageBody, 'utf8') : 0;
  const attributes = message.MessageAttributes;
  if (attributes && typeof attributes === 'object') {
    for (const [name, value] of Object.entries(attributes as Record<string, unknown>)) {
      size += Buffer.byteLength(name, 'utf8');
      if (!value || typeof value !== 'object') continue;
      const { DataType, StringValue, BinaryValue } = value as { DataType?: unknown; StringValue?: unknown; BinaryValue?: unknown };
      if (typeof DataType === 'string') size += Buffer.byteLength(DataType, 'utf8');
      if (typeof StringValue === 'string') size += Buffer.byteLength(StringValue, 'utf8');
      if (typeof BinaryValue === 'string') size += Buffer.byteLength(BinaryValue, 'base64');
    }
  }
  return size;
}

/** Throws AWS's `InvalidParameterValue` when the message is larger than `maxBytes`. */
export function checkMessageSize(message: { MessageBody?: unknown; MessageAttributes?: unknown }, maxBytes: number | undefined): void {
  if (maxBytes === undefined || messageBytes(message) <= maxBytes) return;
  throw new SqsError('InvalidParameterValue', `One or more parameters are invalid. Reason: Message must be shorter than ${maxBytes} bytes.`);
}
