/** `genai-kit queues`, `dlq` and `redrive`, run as the user runs them, against the embedded SQS. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import { startSqsServer, type SqsServer } from '../../local/sqs/index.js';

const run = promisify(execFile);
let server: SqsServer;
let sqs: SQSClient;
let dir: string;
let endpointsFile: string;

beforeAll(async () => {
  server = await startSqsServer({ port: 0 });
  sqs = new SQSClient(localClientConfig(server.url));
  dir = mkdtempSync(join(tmpdir(), 'sqs-cli-'));
  endpointsFile = join(dir, 'endpoints.json');
  writeFileSync(endpointsFile, JSON.stringify({ sqs: server.url, region: 'us-east-1' }));
});

afterAll(async () => {
  sqs?.destroy();
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function genaiKit(...args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'local/cli.ts', ...args, '--endpoints', endpointsFile, '--template', join(dir, 'none.yaml')], {
    cwd: join(import.meta.dirname, '../..'),
  });
  return stdout;
}

describe('queue commands', () => {
  it('lists queue depths, shows DLQ messages without consuming them, and redrives them', async () => {
    await sqs.send(new CreateQueueCommand({ QueueName: 'jobs-dlq' }));
    const queue = await sqs.send(
      new CreateQueueCommand({
        QueueName: 'jobs',
        Attributes: { RedrivePolicy: JSON.stringify({ deadLetterTargetArn: 'arn:aws:sqs:us-east-1:000000000000:jobs-dlq', maxReceiveCount: 1 }) },
      }),
    );
    const poison = await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: '{"poison":true}' }));
    await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.QueueUrl, VisibilityTimeout: 0, WaitTimeSeconds: 5 }));
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.QueueUrl, MessageBody: 'waiting' }));

    const listing = await genaiKit('queues');
    expect(listing).toMatch(/^jobs\s+-\s+1\s+0\s+0\s+jobs-dlq$/m);
    expect(listing).toMatch(/^jobs-dlq\s+-\s+1\s+0\s+0\s+-$/m);

    const shown = await genaiKit('dlq', 'jobs');
    expect(shown).toContain(poison.MessageId);
    expect(shown).toContain('{"poison":true}');
    expect(shown).toContain('from jobs');
    const again = JSON.parse(await genaiKit('dlq', 'jobs-dlq', '--json')) as { messages: { MessageId: string }[] };
    expect(again.messages.map((message) => message.MessageId)).toEqual([poison.MessageId]);

    expect(await genaiKit('redrive', 'jobs-dlq')).toContain('Moved 1 message(s) from jobs-dlq to jobs.');
    const after = await genaiKit('queues');
    expect(after).toMatch(/^jobs\s+-\s+2\s+0\s+0\s+jobs-dlq$/m);
    expect(after).toMatch(/^jobs-dlq\s+-\s+0\s+0\s+0\s+-$/m);
  }, 60_000);
});
