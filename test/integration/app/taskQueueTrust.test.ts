/**
 * The processor trusts nothing the queue hands it: a message sent straight to SQS (bypassing
 * `POST /tasks`) is held to the submit route's limits. A made-up `task_id` creates no task and
 * never reaches the model; a 1 MB prompt for an existing task is refused, the task marked failed
 * with a safe reason, and the model never sees it.
 */
import { randomUUID } from 'node:crypto';
import { DynamoDBClient, GetItemCommand, ListTablesCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { ListQueuesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { bedrockInvocations, callApi, endpoints } from '../harness/api.js';

const clientConfig = (endpoint: string | undefined) => ({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
const sqs = new SQSClient(clientConfig(endpoints().sqs));
const dynamodb = new DynamoDBClient(clientConfig(endpoints().dynamodb));
afterAll(() => {
  sqs.destroy();
  dynamodb.destroy();
});

async function taskQueueUrl(): Promise<string> {
  const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({}));
  const url = QueueUrls.find((candidate) => /TaskQueue/.test(candidate) && !/DeadLetter/.test(candidate));
  if (!url) throw new Error(`no task queue among ${QueueUrls.join(', ')}`);
  return url;
}

async function taskTable(): Promise<string> {
  const { TableNames = [] } = await dynamodb.send(new ListTablesCommand({}));
  return TableNames.find((name) => /TaskTable/.test(name))!;
}

async function taskItem(taskId: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamodb.send(new GetItemCommand({ TableName: await taskTable(), Key: { task_id: { S: taskId } }, ConsistentRead: true }));
  return Item && unmarshall(Item);
}

async function until<T>(probe: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 100; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the task processor and messages sent straight to the queue', () => {
  it('creates no task for a made-up task_id and never calls the model', { timeout: 60_000 }, async () => {
    // Prepare: a control message for a real task, sent after the forged one, tells when the forged one was handled
    const forgedId = randomUUID();
    const forgedPrompt = `forged ${forgedId}`;
    const queueUrl = await taskQueueUrl();
    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ task_id: forgedId, prompt: forgedPrompt }) }));
    const control = await callApi<{ task_id: string }>('/tasks', { body: { prompt: `control ${forgedId}` } });
    await until(async () => {
      const { body } = await callApi<{ status: string }>(`/tasks/${control.body.task_id}`);
      return body.status === 'succeeded' ? true : undefined;
    }, 'the control task');
    // Assess
    expect(await taskItem(forgedId)).toBeUndefined();
    expect((await bedrockInvocations()).filter((call) => call.input.messages?.at(-1)?.content[0]?.text === forgedPrompt)).toEqual([]);
  });

  it('refuses a 1 MB prompt sent straight to the queue: the task fails with a safe reason', { timeout: 60_000 }, async () => {
    // Prepare: a task stored as POST /tasks stores it, whose message bypasses the route's 100,000-byte limit
    const taskId = randomUUID();
    const now = new Date().toISOString();
    await dynamodb.send(new PutItemCommand({ TableName: await taskTable(), Item: { task_id: { S: taskId }, status: { S: 'queued' }, created_at: { S: now }, updated_at: { S: now } } }));
    const hugePrompt = `${taskId} ${'x'.repeat(1_000_000)}`;
    // Act
    await sqs.send(new SendMessageCommand({ QueueUrl: await taskQueueUrl(), MessageBody: JSON.stringify({ task_id: taskId, prompt: hugePrompt }) }));
    const task = await until(async () => {
      const item = await taskItem(taskId);
      return item?.status === 'failed' ? item : undefined;
    }, 'the refused task');
    // Assess
    expect(task.error).toBe('Task message "prompt" is larger than 100000 bytes');
    expect((await bedrockInvocations()).some((call) => call.input.messages?.at(-1)?.content[0]?.text?.startsWith(`${taskId} xxx`))).toBe(false);
  });
});
