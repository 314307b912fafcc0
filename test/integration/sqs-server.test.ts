import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { startSqsServer, type SqsServer } from '../../local/sqs/index.js';

const servers: SqsServer[] = [];
const dirs: string[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function start(dataDir?: string): Promise<{ server: SqsServer; sqs: SQSClient }> {
  const server = await startSqsServer({ port: 0, ...(dataDir ? { dataDir } : {}) });
  servers.push(server);
  const sqs = new SQSClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { server, sqs };
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sqs-'));
  dirs.push(dir);
  return dir;
}

async function queuePair(sqs: SQSClient, name: string, maxReceiveCount: number): Promise<{ queueUrl: string; dlqUrl: string }> {
  const dlq = await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }));
  const queue = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: {
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: `arn:aws:sqs:us-east-1:000000000000:${name}-dlq`, maxReceiveCount }),
      },
    }),
  );
  return { queueUrl: queue.QueueUrl!, dlqUrl: dlq.QueueUrl! };
}

describe('embedded SQS server', () => {
  it('answers queue URLs on the host and port it listens on', async () => {
    const { server, sqs } = await start();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'urls' }));
    expect(QueueUrl).toBe(`${server.url}/000000000000/urls`);
  });

  it('ends a long poll as soon as one message arrives, not when MaxNumberOfMessages are there', async () => {
    const { sqs } = await start();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'long-poll' }));
    const polling = sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 20 }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'wake up' }));
    const received = await polling;
    expect(received.Messages?.map((message) => message.Body)).toEqual(['wake up']);
  }, 10_000);

  it('does not count ChangeMessageVisibility as a receive', async () => {
    const { sqs } = await start();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'counts' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    const first = await sqs.send(new ReceiveMessageCommand({ QueueUrl, AttributeNames: ['All'], WaitTimeSeconds: 5 }));
    expect(first.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    await sqs.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle: first.Messages![0]!.ReceiptHandle!, VisibilityTimeout: 0 }));
    const second = await sqs.send(new ReceiveMessageCommand({ QueueUrl, AttributeNames: ['All'], WaitTimeSeconds: 5 }));
    expect(second.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('2');
  });

  it('returns the system attributes named in MessageSystemAttributeNames (AttributeNames is deprecated)', async () => {
    const { sqs } = await start();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'system-attributes' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'x' }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'], WaitTimeSeconds: 5 }));
    expect(received.Messages?.[0]?.Attributes).toMatchObject({ ApproximateReceiveCount: '1', SentTimestamp: expect.stringMatching(/^\d+$/) });
  });

  it('moves a message to the dead-letter queue after maxReceiveCount receives', async () => {
    const { sqs } = await start();
    const { queueUrl, dlqUrl } = await queuePair(sqs, 'redrive', 2);
    const sent = await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison' }));
    for (let i = 0; i < 2; i++) {
      const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 5 }));
      expect(received.Messages?.[0]?.MessageId).toBe(sent.MessageId);
    }
    const dead = await sqs.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, WaitTimeSeconds: 5 }));
    expect(dead.Messages?.[0]?.MessageId).toBe(sent.MessageId);
    const left = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 0 }));
    expect(left.Messages ?? []).toEqual([]);
  });

  it('keeps queues and messages across a restart with a data directory', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const { queueUrl } = await queuePair(first.sqs, 'kept', 3);
    const a = await first.sqs.send(
      new SendMessageCommand({
        QueueUrl: queueUrl,
        MessageBody: '{"n":1}',
        MessageAttributes: { kind: { DataType: 'String', StringValue: 'test' } },
      }),
    );
    const b = await first.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"n":2}' }));
    const inFlight = await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 1, WaitTimeSeconds: 5 }));
    expect(inFlight.Messages?.[0]?.MessageId).toBe(a.MessageId);
    await first.server.close();
    servers.length = 0;

    const second = await start(dataDir);
    expect(second.server.restoredMessages).toBe(2);
    const { QueueUrl } = await second.sqs.send(new CreateQueueCommand({ QueueName: 'kept-dlq' }));
    expect(QueueUrl).toBe(`${second.server.url}/000000000000/kept-dlq`);
    const restoredUrl = `${second.server.url}/000000000000/kept`;
    const received = await second.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: restoredUrl, MaxNumberOfMessages: 10, AttributeNames: ['All'], MessageAttributeNames: ['All'], WaitTimeSeconds: 5 }),
    );
    // `a` is still in flight (its 30 s visibility timeout has not ended): only `b` is delivered.
    expect(received.Messages?.map((message) => message.MessageId)).toEqual([b.MessageId]);
    expect(received.Messages?.[0]?.Attributes?.ApproximateReceiveCount).toBe('1');
    const counts = await second.sqs.send(new GetQueueAttributesCommand({ QueueUrl: restoredUrl, AttributeNames: ['All'] }));
    expect(counts.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('2');
    expect(JSON.parse(counts.Attributes!.RedrivePolicy!)).toMatchObject({ maxReceiveCount: 3 });
    // Its receipt handle from before the restart still deletes it.
    await second.sqs.send(new DeleteMessageCommand({ QueueUrl: restoredUrl, ReceiptHandle: inFlight.Messages![0]!.ReceiptHandle! }));
    const after = await second.sqs.send(new GetQueueAttributesCommand({ QueueUrl: restoredUrl, AttributeNames: ['All'] }));
    expect(after.Attributes?.ApproximateNumberOfMessagesNotVisible).toBe('1');
  });

  it('keeps a restored in-flight message hidden until its visibility timeout, then redrives it', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const { queueUrl } = await queuePair(first.sqs, 'spent', 1);
    const sent = await first.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'spent' }));
    await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 2, WaitTimeSeconds: 5 }));
    await first.server.close();
    servers.length = 0;

    const second = await start(dataDir);
    const dead = await second.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: `${second.server.url}/000000000000/spent-dlq`, AttributeNames: ['All'], WaitTimeSeconds: 10 }),
    );
    expect(dead.Messages?.[0]?.MessageId).toBe(sent.MessageId);
    expect(dead.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn).toBe('arn:aws:sqs:us-east-1:000000000000:spent');
  }, 20_000);

  it('sends a message whose visibility timeout ended while stopped, at its last allowed receive, to the dead-letter queue', async () => {
    const dataDir = tempDir();
    const first = await start(dataDir);
    const { queueUrl } = await queuePair(first.sqs, 'spent', 1);
    const sent = await first.sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'spent' }));
    await first.sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 1, WaitTimeSeconds: 5 }));
    await first.server.close();
    servers.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const second = await start(dataDir);
    const dead = await second.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: `${second.server.url}/000000000000/spent-dlq`, AttributeNames: ['All'], WaitTimeSeconds: 5 }),
    );
    expect(dead.Messages?.[0]?.MessageId).toBe(sent.MessageId);
    expect(dead.Messages?.[0]?.Attributes?.DeadLetterQueueSourceArn).toBe('arn:aws:sqs:us-east-1:000000000000:spent');
  });
});

describe('embedded SQS: malformed requests', () => {
  it('answers them with AWS-shaped 4xx and keeps serving', async () => {
    const { server, sqs } = await start();
    const post = (headers: Record<string, string>, body: string) => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/x-amz-json-1.0', ...headers }, body });

    const nullBody = await post({ 'x-amz-target': 'AmazonSQS.ListQueues' }, 'null');
    expect(nullBody.status).toBe(400);
    expect(await nullBody.json()).toMatchObject({ __type: 'com.amazon.coral.service#SerializationException' });
    const noTarget = await post({}, '{}');
    expect(noTarget.status).toBe(400);
    expect(await noTarget.json()).toMatchObject({ __type: 'com.amazon.coral.service#UnknownOperationException' });
    const huge = await post({ 'x-amz-target': 'AmazonSQS.ListQueues' }, `{"QueueNamePrefix":"${'a'.repeat(3 * 1024 * 1024)}"}`);
    expect(huge.status).toBe(413);

    const created = await sqs.send(new CreateQueueCommand({ QueueName: 'still-serving' }));
    sqs.destroy();
    expect(created.QueueUrl).toContain('still-serving');
  });

  it('counts a chunked body as it streams in (no Content-Length to trust) and refuses it past the limit', async () => {
    // Prepare: a Query-protocol SendMessage of 3 MiB sent in chunks, without Content-Length.
    const { server, sqs } = await start();
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'chunked' }));
    const chunks = async function* (): AsyncGenerator<Buffer> {
      yield Buffer.from(`Action=SendMessage&QueueUrl=${encodeURIComponent(QueueUrl!)}&MessageBody=`);
      for (let i = 0; i < 48; i++) yield Buffer.alloc(64 * 1024, 'a');
    };

    // Act
    const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(server.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' } }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      });
      request.on('error', reject);
      void (async () => {
        for await (const chunk of chunks()) if (!request.write(chunk)) await new Promise((resume) => request.once('drain', resume));
        request.end();
      })().catch(() => undefined);
    });

    // Assess
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('<Code>RequestEntityTooLarge</Code>');
    const stillServing = await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'small' }));
    expect(stillServing.MessageId).toBeDefined();
    sqs.destroy();
  });

  it('refuses to start on saved queues it cannot create again, naming the file, instead of starting empty', async () => {
    // Prepare: a saved queue whose dead-letter queue is not saved.
    const dataDir = tempDir();
    const file = join(dataDir, 'messages.json');
    const redrive = JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:missing', maxReceiveCount: 3 });
    writeFileSync(file, JSON.stringify({ version: 1, savedAt: '', queues: [{ QueueName: 'orphan', Attributes: { RedrivePolicy: redrive }, tags: {} }], messages: { orphan: [] } }));

    // Act
    const failure = await startSqsServer({ port: 0, dataDir }).then(
      (server) => {
        servers.push(server);
        return undefined;
      },
      (error: unknown) => error,
    );

    // Assess
    expect((failure as Error | undefined)?.message).toMatch(new RegExp(`${file} is damaged \\(its queues could not be created again`));
    expect(existsSync(file)).toBe(true);
  });
});
