/**
 * The embedded SQS on the stack clock: visibility timeouts, DelaySeconds, MessageRetentionPeriod,
 * redrive and long polls end when the clock is advanced, not only when real time passes.
 */
import { CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SQSEvent } from 'aws-lambda';
import { StackClock } from '../../local/clock/StackClock.js';
import { SqsEventSourcePoller } from '../../local/events/SqsEventSourcePoller.js';
import type { LambdaRuntime } from '../../local/runtime/types.js';
import { startSqsServer, type SqsServer } from '../../local/sqs/index.js';

let clock: StackClock;
let server: SqsServer;
let sqs: SQSClient;

beforeAll(async () => {
  clock = new StackClock();
  server = await startSqsServer({ port: 0, clock });
  sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
});

afterAll(async () => {
  sqs?.destroy();
  await server?.close();
});

async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
}

const receive = async (queueUrl: string) =>
  (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, AttributeNames: ['All'] }))).Messages ?? [];

describe('SQS on the stack clock', () => {
  it('makes a received message visible again once the clock passes its visibility timeout', async () => {
    const queueUrl = await queue('clock-visibility', { VisibilityTimeout: '3600' });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'hello' }));
    expect(await receive(queueUrl)).toHaveLength(1);
    await clock.advance('59m');
    expect(await receive(queueUrl)).toHaveLength(0);
    await clock.advance('1m');
    const again = await receive(queueUrl);
    expect(again.map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual(['2']);
  });

  it('holds a delayed message back until the clock passes its DelaySeconds', async () => {
    const queueUrl = await queue('clock-delay');
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'later', DelaySeconds: 900 }));
    expect(await receive(queueUrl)).toHaveLength(0);
    await clock.advance('15m');
    expect((await receive(queueUrl)).map((m) => m.Body)).toEqual(['later']);
  });

  it('drops a message once the clock passes the queue MessageRetentionPeriod', async () => {
    const queueUrl = await queue('clock-retention', { MessageRetentionPeriod: '60' });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'short-lived' }));
    await clock.advance('61s');
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(Attributes?.ApproximateNumberOfMessages).toBe('0');
    expect(await receive(queueUrl)).toHaveLength(0);
  });

  it('moves a message to the dead-letter queue at maxReceiveCount as the clock passes each visibility timeout', async () => {
    const dlqUrl = await queue('clock-dlq');
    const queueUrl = await queue('clock-source', {
      VisibilityTimeout: '360',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:clock-dlq', maxReceiveCount: 3 }),
    });
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison' }));
    for (let receiveCount = 1; receiveCount <= 3; receiveCount++) {
      expect((await receive(queueUrl)).map((m) => m.Attributes?.ApproximateReceiveCount)).toEqual([String(receiveCount)]);
      await clock.advance('6m');
    }
    expect((await receive(dlqUrl)).map((m) => m.Body)).toEqual(['poison']);
  });

  it('stamps SentTimestamp with the clock', async () => {
    const queueUrl = await queue('clock-stamps');
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'stamped' }));
    const [message] = await receive(queueUrl);
    expect(Number(message.Attributes?.SentTimestamp)).toBeGreaterThan(Date.now() + clock.offsetMs - 60_000);
    expect(clock.offsetMs).toBeGreaterThan(3_600_000);
  });

  it('ends a long poll when the clock passes its WaitTimeSeconds', async () => {
    const queueUrl = await queue('clock-long-poll');
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));
    await new Promise((resolve) => setTimeout(resolve, 100));
    await clock.advance('20s');
    const answer = await Promise.race([polling, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), 5_000))]);
    expect(answer).not.toBe('still waiting');
  });

  it("reports the age of a queue's oldest message on the clock, in flight or not, until it is deleted", async () => {
    const queueUrl = await queue('clock-oldest-age', { VisibilityTimeout: '3600' });
    expect(server.oldestMessageAgeSeconds('clock-oldest-age')).toBeUndefined();
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'first' }));
    await clock.advance('90s');
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'second' }));
    const [first] = await receive(queueUrl).then((messages) => messages.filter((m) => m.Body === 'first'));
    expect(server.oldestMessageAgeSeconds('clock-oldest-age')).toBeGreaterThanOrEqual(90);
    await sqs.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first!.ReceiptHandle }));
    expect(server.oldestMessageAgeSeconds('clock-oldest-age')).toBeLessThan(90);
  });
});

describe("the event source mapping's batching window on the stack clock", () => {
  it('invokes a partial batch once the clock passes MaximumBatchingWindowInSeconds', async () => {
    // The visibility timeout outlasts the window, as Lambda advises: a gathered message is not received twice.
    const queueUrl = await queue('clock-window', { VisibilityTimeout: '900' });
    const batches: SQSEvent[] = [];
    const runtime: LambdaRuntime = {
      invoke: async (_fn, event) => (batches.push(event as SQSEvent), { status: 'ok', payload: null, durationMs: 1 }),
      close: async () => undefined,
    };
    const source = {
      functionLogicalId: 'Worker',
      eventId: 'Queue',
      queueLogicalId: 'WindowQueue',
      queueArn: 'arn:aws:sqs:us-east-1:000000000000:clock-window',
      batchSize: 10,
      maximumBatchingWindowInSeconds: 300,
      reportBatchItemFailures: false,
      enabled: true,
    };
    const poller = new SqsEventSourcePoller({ source, sqs, runtime, concurrency: 1, longPollSeconds: 1, now: () => clock.now() });
    await poller.start();
    try {
      await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'one' }));
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      expect(batches).toHaveLength(0);
      await clock.advance('5m');
      await vi.waitFor(() => expect(batches.map((batch) => batch.Records.map((record) => record.body))).toEqual([['one']]), { timeout: 10_000 });
    } finally {
      await poller.stop();
    }
  });
});
