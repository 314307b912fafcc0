import type { Message } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';

/** A message as `ReceiveMessage` returns it with `AttributeNames: ['All']`. */
export function receivedMessageFactory(overrides: Partial<Message> = {}): Message {
  return {
    MessageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    ReceiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
    MD5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
    Body: 'Test message.',
    Attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
    },
    ...overrides,
  };
}

/** An `SQSEvent` record with the given message id. */
export function sqsRecordFactory(messageId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `handle-${messageId}`,
    body: '{}',
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '1', SenderId: 'S', ApproximateFirstReceiveTimestamp: '1' },
    messageAttributes: {},
    md5OfBody: '99914b932bd37a50b983c5e7c90ae93b',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:q',
    awsRegion: 'us-east-1',
  };
}
