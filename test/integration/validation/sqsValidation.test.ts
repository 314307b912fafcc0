/**
 * The embedded SQS refuses what SQS refuses, with the error the SDK models: characters outside
 * SQS's set (`InvalidMessageContents`), numeric queue attributes out of range
 * (`InvalidAttributeValue`), a missing required member (`MissingParameter`), wrong JSON types
 * (`SerializationException`), the message size in UTF-8 bytes, `OverLimit` with its 403, and the
 * batch limits.
 */
import {
  CreateQueueCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSqsServer, type SqsServer } from '../../../local/sqs/index.js';

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

describe('embedded SQS validation', () => {
  let server: SqsServer;
  let sqs: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    server = await startSqsServer({ port: 0 });
    sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, maxAttempts: 1 });
    queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'validation' }))).QueueUrl!;
  });

  afterAll(async () => {
    sqs.destroy();
    await server.close();
  });

  async function rawCall(operation: string, body: string): Promise<{ status: number; json: Record<string, unknown>; queryError: string | null }> {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': `AmazonSQS.${operation}` }, body });
    return { status: response.status, json: (await response.json()) as Record<string, unknown>, queryError: response.headers.get('x-amzn-query-error') };
  }

  it('refuses a body with a character outside SQS\'s set, as InvalidMessageContents', async () => {
    // Act
    const error = await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'bell \u0007' })));
    // Assess
    expect(error).toMatchObject({ name: 'InvalidMessageContents', status: 400 });
    expect(error.message).toBe("Invalid binary character '#x7' was found in the message body, the set of allowed characters is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF].");
  });

  it('accepts tabs, newlines, any plane and the edges of the set', async () => {
    // Act
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'a\tb\nc\rd \uD7FF \uE000 \uFFFD 😀' }));
    // Assess
    expect(sent.MessageId).toEqual(expect.any(String));
  });

  it('refuses the same characters in a batch entry and in a string attribute', async () => {
    // Act
    const batch = await errorOf(sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'a', MessageBody: 'ok' }, { Id: 'b', MessageBody: '\uFFFF' }] })));
    const attribute = await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'ok', MessageAttributes: { a: { DataType: 'String', StringValue: '\u0000' } } })));
    // Assess
    expect(batch.name).toBe('InvalidMessageContents');
    expect(attribute.name).toBe('InvalidMessageContents');
  });

  it('answers a queue attribute out of range with InvalidAttributeValue (the SDK\'s modelled class)', async () => {
    // Act
    const create = await errorOf(sqs.send(new CreateQueueCommand({ QueueName: 'bad-delay', Attributes: { DelaySeconds: '901' } })));
    const set = await errorOf(sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { VisibilityTimeout: '-1' } })));
    const notNumber = await errorOf(sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { MessageRetentionPeriod: 'ten' } })));
    // Assess
    expect(create).toMatchObject({ name: 'InvalidAttributeValue', status: 400, message: 'Invalid value for the parameter DelaySeconds.' });
    expect(set).toMatchObject({ name: 'InvalidAttributeValue', message: 'Invalid value for the parameter VisibilityTimeout.' });
    expect(notNumber.name).toBe('InvalidAttributeValue');
  });

  it('answers a missing required member with MissingParameter and a wrong type with SerializationException', async () => {
    // Act
    const missing = await rawCall('SendMessage', JSON.stringify({ QueueUrl: queueUrl }));
    const mistyped = await rawCall('SendMessage', JSON.stringify({ QueueUrl: queueUrl, MessageBody: { a: 1 } }));
    // Assess
    expect(missing).toMatchObject({ status: 400, queryError: 'MissingParameter;Sender', json: { message: 'The request must contain the parameter MessageBody.' } });
    expect(mistyped).toMatchObject({ status: 400, json: { __type: 'com.amazon.coral.service#SerializationException' } });
  });

  it('answers OverLimit with 403, as AWS does', async () => {
    // Prepare
    const statement = { Effect: 'Allow', Principal: '*', Action: 'sqs:SendMessage', Resource: '*' };
    const policy = JSON.stringify({ Version: '2012-10-17', Statement: Array.from({ length: 21 }, (_, i) => ({ Sid: `s${i}`, ...statement })) });
    // Act
    const error = await errorOf(sqs.send(new SetQueueAttributesCommand({ QueueUrl: queueUrl, Attributes: { Policy: policy } })));
    // Assess
    expect(error).toMatchObject({ name: 'OverLimit', status: 403 });
  });

  it('counts a message\'s size in UTF-8 bytes against the queue\'s MaximumMessageSize', async () => {
    // Prepare
    const small = (await sqs.send(new CreateQueueCommand({ QueueName: 'small-messages', Attributes: { MaximumMessageSize: '1024' } }))).QueueUrl!;
    // Act: 600 two-byte characters are 1,200 bytes, under 1,024 code units.
    const error = await errorOf(sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: 'é'.repeat(600) })));
    const fits = await sqs.send(new SendMessageCommand({ QueueUrl: small, MessageBody: 'é'.repeat(500), MessageAttributes: { k: { DataType: 'String', StringValue: 'v' } } }));
    // Assess
    expect(error).toMatchObject({ name: 'InvalidParameterValue', status: 400, message: 'One or more parameters are invalid. Reason: Message must be shorter than 1024 bytes.' });
    expect(fits.MessageId).toEqual(expect.any(String));
  });

  it('keeps the batch limits: 10 entries, distinct ids', async () => {
    // Act
    const tooMany = await errorOf(sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: Array.from({ length: 11 }, (_, i) => ({ Id: `m${i}`, MessageBody: 'x' })) })));
    const repeated = await errorOf(sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: [{ Id: 'same', MessageBody: 'x' }, { Id: 'same', MessageBody: 'y' }] })));
    // Assess
    expect(tooMany).toMatchObject({ name: 'TooManyEntriesInBatchRequest', status: 400 });
    expect(repeated).toMatchObject({ name: 'BatchEntryIdsNotDistinct', status: 400 });
  });
});
