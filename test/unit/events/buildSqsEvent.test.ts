import type { Message } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { buildSqsEvent } from '../../../local/events/buildSqsEvent.js';
import { receivedMessageFactory } from './sqsRecordFactory.js';

const source = { queueArn: 'arn:aws:sqs:us-east-1:000000000000:my-queue', region: 'us-east-1' };

describe('buildSqsEvent', () => {
  it('builds the record Lambda documents for a standard queue', () => {
    // Prepare: the example of https://docs.aws.amazon.com/lambda/latest/dg/with-sqs.html
    const message = receivedMessageFactory();

    // Act
    const event = buildSqsEvent([message], source);

    // Assess
    expect(event).toEqual({
      Records: [
        {
          messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
          receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a',
          body: 'Test message.',
          attributes: {
            ApproximateReceiveCount: '1',
            SentTimestamp: '1545082649183',
            SenderId: 'AIDAIENQZJOLO23YVJ4VO',
            ApproximateFirstReceiveTimestamp: '1545082649185',
          },
          messageAttributes: {},
          md5OfBody: 'e4e68fb7bd0e697a0ae8f1bb342846b3',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:my-queue',
          awsRegion: 'us-east-1',
        },
      ],
    });
  });

  it('keeps the FIFO attributes and drops attributes Lambda does not pass', () => {
    const message = receivedMessageFactory({
      Attributes: {
        ApproximateReceiveCount: '2',
        SentTimestamp: '1',
        SenderId: 'S',
        ApproximateFirstReceiveTimestamp: '2',
        MessageGroupId: 'group-1',
        MessageDeduplicationId: 'dedup-1',
        SequenceNumber: '18849496460467696128',
        SomethingElse: 'x',
      } as Message['Attributes'],
    });

    const [record] = buildSqsEvent([message], source).Records;

    expect(record!.attributes).toEqual({
      ApproximateReceiveCount: '2',
      SentTimestamp: '1',
      SenderId: 'S',
      ApproximateFirstReceiveTimestamp: '2',
      MessageGroupId: 'group-1',
      MessageDeduplicationId: 'dedup-1',
      SequenceNumber: '18849496460467696128',
    });
  });

  it('shapes message attributes as Lambda does: camelCase, base64 binary, empty list values', () => {
    const message = receivedMessageFactory({
      MD5OfMessageAttributes: 'abc',
      MessageAttributes: {
        kind: { DataType: 'String', StringValue: 'task' },
        count: { DataType: 'Number', StringValue: '3' },
        blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
      },
    });

    const [record] = buildSqsEvent([message], source).Records;

    expect(record!.messageAttributes).toEqual({
      kind: { stringValue: 'task', stringListValues: [], binaryListValues: [], dataType: 'String' },
      count: { stringValue: '3', stringListValues: [], binaryListValues: [], dataType: 'Number' },
      blob: { binaryValue: 'AQID', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
    });
    expect(record!.md5OfMessageAttributes).toBe('abc');
  });

  it('keeps the order of the received messages', () => {
    const messages = ['a', 'b', 'c'].map((id) => receivedMessageFactory({ MessageId: id }));

    const event = buildSqsEvent(messages, source);

    expect(event.Records.map((record) => record.messageId)).toEqual(['a', 'b', 'c']);
  });
});
