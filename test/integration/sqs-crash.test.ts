/**
 * `kill -9` of the embedded SQS loses nothing it acknowledged: every message a `SendMessage` was
 * answered for is there after a restart, every deleted one is gone, and one in flight stays
 * invisible until its visibility timeout ends (its receipt handle still deletes it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import { startChild, type StartedChild } from './harness/childProcess.js';

const SCRIPT = 'test/fixtures/processes/sqsServerProcess.ts';
const children: StartedChild<{ url: string }>[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill9();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function startSqsProcess(dataDir: string): Promise<{ process: StartedChild<{ url: string }>; sqs: SQSClient }> {
  const started = await startChild<{ url: string }>(SCRIPT, [dataDir]);
  children.push(started);
  return { process: started, sqs: new SQSClient(localClientConfig(started.ready.url)) };
}

async function receiveAll(sqs: SQSClient, QueueUrl: string, VisibilityTimeout: number): Promise<Message[]> {
  const all: Message[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout, WaitTimeSeconds: 0 }));
    if (!Messages.length) return all;
    all.push(...Messages);
  }
}

describe('embedded SQS killed with SIGKILL', () => {
  it('keeps every acknowledged send, delete and visibility deadline', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'sqs-crash-'));
    dirs.push(dataDir);
    const first = await startSqsProcess(dataDir);
    const { QueueUrl } = await first.sqs.send(new CreateQueueCommand({ QueueName: 'crash' }));
    const sent: string[] = [];
    await Promise.all(
      Array.from({ length: 20 }, async (_, producer) => {
        for (let round = 0; round < 5; round++) {
          const single = await first.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `single ${producer}/${round}` }));
          sent.push(single.MessageId!);
        }
        const batch = await first.sqs.send(
          new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `batch ${producer}/${i}` })) }),
        );
        sent.push(...(batch.Successful ?? []).map((entry) => entry.MessageId!));
      }),
    );
    const received = await receiveAll(first.sqs, QueueUrl!, 600);
    expect(received).toHaveLength(sent.length);
    const deleted = received.slice(0, 100);
    const inFlight = received.slice(100, 150);
    await Promise.all(deleted.map((message) => first.sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle! }))));
    const released = received.slice(150);
    await Promise.all(
      released.map((message) => first.sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: message.ReceiptHandle!, VisibilityTimeout: 0 }))),
    );

    // Act: SIGKILL right after the last answer, then start again on the same folder.
    await first.process.kill9();
    first.sqs.destroy();
    const second = await startSqsProcess(dataDir);
    const url = `${second.process.ready.url}/000000000000/crash`;

    // Assess
    const attributes = await second.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
    expect(attributes.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe(String(inFlight.length));
    const afterRestart = await receiveAll(second.sqs, url, 600);
    expect(afterRestart.map((message) => message.MessageId).sort()).toEqual(released.map((message) => message.MessageId).sort());
    // The in-flight ones are still there, under the receipt handles given before the crash.
    await Promise.all(inFlight.map((message) => second.sqs.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: message.ReceiptHandle! }))));
    const left = await second.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] }));
    expect(left.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe(String(released.length));
    second.sqs.destroy();
  }, 90_000);
});
