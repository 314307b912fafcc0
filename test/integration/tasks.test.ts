/**
 * Async tasks over the real SQS API, on an embedded stack of their own: short visibility timeouts
 * (poison messages reach the dead-letter queue in seconds) and loopback callbacks allow-listed.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueUrlCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import type { RunningStack } from '../../local/stack.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

const run = promisify(execFile);
const MAX_RECEIVE_COUNT = 3;

let stack: RunningStack;
let sqs: SQSClient;
let dynamodb: DynamoDBClient;
let taskQueueUrl: string;
let deadLetterQueueUrl: string;
let taskTable: string;

beforeAll(async () => {
  stack = await startEmbeddedStack({
    parameterOverrides: {
      TaskQueueVisibilityTimeout: '2',
      TaskProcessorTimeout: '20',
      TaskMaxReceiveCount: String(MAX_RECEIVE_COUNT),
      CallbackAllowedHosts: '127.0.0.1',
    },
  });
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs!));
  dynamodb = new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb!));
  const queueName = (logicalId: string) => stack.model.queues.find((queue) => queue.logicalId === logicalId)!.queueName;
  taskQueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName('TaskQueue') }))).QueueUrl!;
  deadLetterQueueUrl = (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName('TaskDeadLetterQueue') }))).QueueUrl!;
  taskTable = stack.model.tables.find((table) => table.logicalId === 'TaskTable')!.tableName;
});

afterAll(async () => {
  sqs?.destroy();
  dynamodb?.destroy();
  await stack?.close();
});

beforeEach(async () => {
  await fetch(`${stack.endpoints.bedrock}/_fake/faults`, { method: 'DELETE' });
});

async function api(route: string, init: { method?: string; body?: unknown; token?: string } = {}) {
  const response = await fetch(`${stack.endpoints.api}${route}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { 'content-type': 'application/json', 'x-api-key': stack.endpoints.apiKey!, authorization: `Bearer ${init.token ?? stack.endpoints.token}` },
    ...(init.body === undefined ? {} : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Model calls whose user prompt is `prompt`, from the fake Bedrock's inspection API. */
async function modelCallsFor(prompt: string): Promise<number> {
  const response = await fetch(`${stack.endpoints.bedrock}/_fake/invocations`);
  const { invocations } = (await response.json()) as { invocations: { input: { messages?: { content: { text?: string }[] }[] }; error?: unknown }[] };
  return invocations.filter((call) => call.input.messages?.at(-1)?.content[0]?.text === prompt).length;
}

async function taskItem(taskId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: taskTable, Key: { task_id: { S: taskId } }, ConsistentRead: true }));
  return Item && unmarshall(Item);
}

/** Stores a task as `POST /tasks` does before queueing it: the processor only works on tasks that exist. */
async function storeTask(taskId: string, status = 'queued'): Promise<void> {
  const now = new Date().toISOString();
  const item = { task_id: { S: taskId }, status: { S: status }, created_at: { S: now }, updated_at: { S: now }, expires_at: { N: String(Math.floor(Date.now() / 1000) + 3600) } };
  await dynamodb.send(new PutItemCommand({ TableName: taskTable, Item: item }));
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const finished = (taskId: string) =>
  eventually(async () => {
    const item = await taskItem(taskId);
    return item?.status === 'succeeded' || item?.status === 'failed' ? item : undefined;
  }, `task ${taskId} to finish`);

async function messagesIn(queueUrl: string): Promise<{ MessageId?: string; Body?: string }[]> {
  const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0 }));
  return Messages;
}

describe('async tasks over SQS', () => {
  it('takes a task from submit to succeeded, with its result', async () => {
    const prompt = `summarise ${randomUUID()}`;
    const submitted = await api('/tasks', { body: { prompt } });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ task_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' });
    const taskId = submitted.body.task_id as string;

    const status = await eventually(async () => {
      const answer = await api(`/tasks/${taskId}`);
      return answer.body.status === 'succeeded' ? answer : undefined;
    }, 'the task to succeed');

    expect(status.status).toBe(200);
    expect(status.body.result).toContain(prompt);
    expect(await modelCallsFor(prompt)).toBe(1);
    expect((await api(`/tasks/${taskId}`, { token: (await stack.signToken('someone-else'))! })).status).toBe(404);
  });

  it('answers 400 and queues nothing for a bad submit', async () => {
    const bodies = [
      {},
      { prompt: '' },
      { prompt: 42 },
      { prompt: 'x'.repeat(100_001) },
      { prompt: 'ok', callback_url: 'http://169.254.169.254/latest/meta-data' },
      { prompt: 'ok', callback_url: 'http://localhost:9/hook' },
      { prompt: 'ok', callback_url: 'ftp://example.com/hook' },
      'not json',
    ];
    for (const body of bodies) {
      const answer = await api('/tasks', { body });
      expect(answer.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(typeof answer.body.message).toBe('string');
    }
    expect(await messagesIn(taskQueueUrl)).toEqual([]);
  });

  it('processes the rest of a batch once and sends the poison message to the dead-letter queue', async () => {
    const tag = randomUUID();
    const prompts = [1, 2, 3].map((n) => `batch ${n} ${tag}`);
    for (const index of [0, 1, 2]) await storeTask(`${tag}-${index}`);
    const sent = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: taskQueueUrl,
        Entries: [
          ...prompts.map((prompt, index) => ({ Id: `ok${index}`, MessageBody: JSON.stringify({ task_id: `${tag}-${index}`, prompt }) })),
          { Id: 'poison', MessageBody: `{"task_id": "${tag}-poison", "prompt": ` },
        ],
      }),
    );
    const poisonId = sent.Successful!.find((entry) => entry.Id === 'poison')!.MessageId;

    for (const index of [0, 1, 2]) expect((await finished(`${tag}-${index}`)).status).toBe('succeeded');
    const dead = await eventually(async () => (await messagesIn(deadLetterQueueUrl)).find((message) => message.MessageId === poisonId), 'the poison message in the DLQ');

    expect(dead.Body).toBe(`{"task_id": "${tag}-poison", "prompt": `);
    for (const prompt of prompts) expect(await modelCallsFor(prompt)).toBe(1);
    expect(await messagesIn(taskQueueUrl)).toEqual([]);
  }, 60_000);

  it('does not call the model again when a message is delivered again after the model answered', async () => {
    const taskId = randomUUID();
    const prompt = `once ${taskId}`;
    const body = JSON.stringify({ task_id: taskId, prompt });
    await storeTask(taskId);
    await sqs.send(new SendMessageCommand({ QueueUrl: taskQueueUrl, MessageBody: body }));
    const first = await finished(taskId);
    expect(first.status).toBe('succeeded');

    // As if the processor had crashed after the model call, before storing the result: the task
    // is still processing and the same message comes back.
    await storeTask(taskId, 'processing');
    await sqs.send(new SendMessageCommand({ QueueUrl: taskQueueUrl, MessageBody: body }));
    const second = await finished(taskId);

    expect(second.status).toBe('succeeded');
    expect(second.result).toBe(first.result);
    expect(await modelCallsFor(prompt)).toBe(1);
  });

  it('retries a task the model throttled instead of losing it', async () => {
    const taskId = randomUUID();
    const prompt = `throttled ${taskId}`;
    // The SDK retries within one invocation (3 attempts); four throttles outlast it once.
    await fetch(`${stack.endpoints.bedrock}/_fake/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: 'throttling', times: 4 }),
    });
    await storeTask(taskId);
    await sqs.send(new SendMessageCommand({ QueueUrl: taskQueueUrl, MessageBody: JSON.stringify({ task_id: taskId, prompt }) }));

    const task = await finished(taskId);

    expect(task.status).toBe('succeeded');
    expect(task.result).toContain(prompt);
  });

  it('POSTs the result to the callback URL', async () => {
    const received: { path: string; body: Record<string, unknown> }[] = [];
    const receiver = await listen(async (request) => {
      received.push({ path: request.url ?? '', body: JSON.parse(await readBody(request)) as Record<string, unknown> });
    });
    try {
      const port = (receiver.address() as AddressInfo).port;
      const submitted = await api('/tasks', { body: { prompt: `call me back ${randomUUID()}`, callback_url: `http://127.0.0.1:${port}/hook?x=1` } });
      expect(submitted.status).toBe(202);
      const taskId = submitted.body.task_id as string;

      const task = await finished(taskId);
      await eventually(async () => (received.length > 0 ? true : undefined), 'the callback');

      expect(received).toEqual([{ path: '/hook?x=1', body: { task_id: taskId, status: 'succeeded', result: task.result } }]);
      expect((await eventually(async () => (await taskItem(taskId))?.callback_status as string | undefined, 'the callback status'))).toBe('delivered');
    } finally {
      receiver.close();
    }
  });

  it('processes a message sent with the AWS CLI', async () => {
    const taskId = randomUUID();
    const prompt = `from the cli ${taskId}`;
    await storeTask(taskId);
    await run(
      'aws',
      ['sqs', 'send-message', '--endpoint-url', stack.endpoints.sqs!, '--region', 'us-east-1', '--queue-url', taskQueueUrl, '--message-body', JSON.stringify({ task_id: taskId, prompt })],
      { env: { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_PAGER: '' } },
    );

    const task = await finished(taskId);

    expect(task.status).toBe('succeeded');
    expect(task.result).toContain(prompt);
  });
});

function listen(onRequest: (request: IncomingMessage) => Promise<void>): Promise<Server> {
  const server = createServer((request, response) => {
    onRequest(request).then(
      () => response.writeHead(204).end(),
      () => response.writeHead(500).end(),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
