/**
 * The compose `sqs` service keeps its queues and messages across a restart in a new container
 * (ElasticMQ's `queues-storage` and `messages-storage` in the `sqs-data` volume, docker-compose.yml),
 * and a message received before the restart stays in flight until its visibility timeout ends.
 *
 * Runs only with GENAI_KIT_STACK=compose (`.ci/containers/run-suites.sh compose`, the GitHub compose
 * job), on the image SQS_IMAGE names: `softwaremill/elasticmq-native` where a registry is reachable,
 * the kit's stand-in elsewhere. It brings up the `sqs` service alone in a compose project of its own
 * on a random port, so it does not touch a running `docker compose up`.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
const project = `genai-kit-sqs-restart-${randomUUID().slice(0, 8)}`;

async function compose(args: string[]): Promise<string> {
  const command = ['compose', '-f', path.join(root, 'docker-compose.yml'), '-p', project, ...args];
  return (await run('docker', command, { cwd: root, env: { ...process.env, SQS_PORT: '0' }, maxBuffer: 8 * 1024 * 1024 })).stdout;
}

/** Starts the `sqs` service (or waits for it after a restart) and answers its published URL. */
async function sqsUp(): Promise<string> {
  await compose(['up', '-d', '--no-build', '--wait', '--wait-timeout', '120', 'sqs']);
  const published = (await compose(['port', 'sqs', '9324'])).trim();
  return `http://127.0.0.1:${published.slice(published.lastIndexOf(':') + 1)}`;
}

function clientFor(endpoint: string): SQSClient {
  return new SQSClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
}

async function receiveOne(sqs: SQSClient, queueUrl: string, visibilityTimeout: number): Promise<Message> {
  const { Messages } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, VisibilityTimeout: visibilityTimeout, WaitTimeSeconds: 5 }));
  expect(Messages).toHaveLength(1);
  return Messages![0]!;
}

describe.skipIf(process.env.GENAI_KIT_STACK !== 'compose')('compose: the SQS service across a restart in a new container', () => {
  let endpoint: string;

  beforeAll(async () => {
    endpoint = await sqsUp();
  }, 180_000);

  afterAll(async () => {
    await compose(['down', '-v', '--remove-orphans']);
  }, 120_000);

  it('keeps its queues, their attributes and every message, and an in-flight message comes back after its visibility timeout', async () => {
    // Prepare: a queue with a dead-letter queue; a message in flight for 2 s, one in flight for
    // 10 minutes, two never received.
    const before = clientFor(endpoint);
    const { QueueUrl: dlqUrl } = await before.send(new CreateQueueCommand({ QueueName: 'restart-jobs-dlq' }));
    const { Attributes: dlq } = await before.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const redrivePolicy = JSON.stringify({ deadLetterTargetArn: dlq!.QueueArn, maxReceiveCount: 5 });
    const { QueueUrl: queueUrl } = await before.send(
      new CreateQueueCommand({ QueueName: 'restart-jobs', Attributes: { VisibilityTimeout: '45', RedrivePolicy: redrivePolicy } }),
    );
    await before.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'in flight briefly' }));
    expect((await receiveOne(before, queueUrl!, 2)).Body).toBe('in flight briefly');
    await before.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'in flight for long' }));
    expect((await receiveOne(before, queueUrl!, 600)).Body).toBe('in flight for long');
    for (const body of ['waiting 1', 'waiting 2']) await before.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    before.destroy();

    // Act
    // A new container on the same volume (what `docker compose down` and `up` do; a plain restart
    // would keep the old container's own files too).
    await compose(['rm', '--stop', '--force', 'sqs']);
    const after = clientFor(await sqsUp());

    // Assess: the queues and their attributes are there (the queue URL is asked for again: the port may have changed).
    const { QueueUrl: restoredUrl } = await after.send(new GetQueueUrlCommand({ QueueName: 'restart-jobs' }));
    const { Attributes: attributes } = await after.send(new GetQueueAttributesCommand({ QueueUrl: restoredUrl, AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }));
    expect(attributes?.VisibilityTimeout).toBe('45');
    expect(JSON.parse(attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: dlq!.QueueArn, maxReceiveCount: 5 });
    // Every message comes back but the one still in flight for 10 minutes; the briefly in-flight one
    // on its second receive. Polled with a deadline, each message hidden by a long timeout once seen.
    // (`AttributeNames: ['All']`, not `MessageSystemAttributeNames`: the stand-in knows only the older name.)
    const received = new Map<string, string | undefined>();
    const deadline = Date.now() + 60_000;
    while (received.size < 3 && Date.now() < deadline) {
      const { Messages = [] } = await after.send(
        new ReceiveMessageCommand({ QueueUrl: restoredUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 600, WaitTimeSeconds: 2, AttributeNames: ['All'] }),
      );
      for (const message of Messages) received.set(message.Body!, message.Attributes?.ApproximateReceiveCount);
    }
    expect(Object.fromEntries(received)).toEqual({ 'in flight briefly': '2', 'waiting 1': '1', 'waiting 2': '1' });
    const { Attributes: counts } = await after.send(
      new GetQueueAttributesCommand({ QueueUrl: restoredUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(counts).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '4' });
    after.destroy();
  }, 180_000);
});
