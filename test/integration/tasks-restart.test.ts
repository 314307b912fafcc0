/**
 * Stopping the stack while tasks run loses none of them: the pollers stop first (messages not yet
 * handed to the function go back to the queue, running batches finish), the queue's messages are
 * saved under the data directory, and the next start picks up where the last one stopped.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchGetItemCommand, BatchWriteItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import { readSnapshot } from '../../local/sqs/index.js';
import type { RunningStack } from '../../local/stack.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'tasks-restart-'));
const parameterOverrides = { TaskQueueVisibilityTimeout: '2', TaskProcessorTimeout: '20' };
const stacks: RunningStack[] = [];

afterAll(async () => {
  for (const stack of stacks) await stack.close().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

async function statuses(stack: RunningStack, ids: string[]): Promise<Map<string, string>> {
  const dynamodb = new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb!));
  const table = stack.model.tables.find((candidate) => candidate.logicalId === 'TaskTable')!.tableName;
  const result = new Map<string, string>();
  try {
    for (let i = 0; i < ids.length; i += 100) {
      const output = await dynamodb.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: ids.slice(i, i + 100).map((id) => ({ task_id: { S: id } })), ConsistentRead: true } } }),
      );
      for (const item of output.Responses?.[table] ?? []) result.set(item.task_id!.S!, item.status!.S!);
    }
  } finally {
    dynamodb.destroy();
  }
  return result;
}

/** Stores the tasks as `POST /tasks` does before queueing them: the processor only works on tasks that exist. */
async function storeTasks(stack: RunningStack, ids: string[]): Promise<void> {
  const dynamodb = new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb!));
  const table = stack.model.tables.find((candidate) => candidate.logicalId === 'TaskTable')!.tableName;
  const now = new Date().toISOString();
  try {
    for (let i = 0; i < ids.length; i += 25) {
      const puts = ids.slice(i, i + 25).map((id) => ({ PutRequest: { Item: { task_id: { S: id }, status: { S: 'queued' }, created_at: { S: now }, updated_at: { S: now } } } }));
      await dynamodb.send(new BatchWriteItemCommand({ RequestItems: { [table]: puts } }));
    }
  } finally {
    dynamodb.destroy();
  }
}

async function queueUrl(stack: RunningStack, sqs: SQSClient, logicalId: string): Promise<string> {
  const name = stack.model.queues.find((queue) => queue.logicalId === logicalId)!.queueName;
  return (await sqs.send(new GetQueueUrlCommand({ QueueName: name }))).QueueUrl!;
}

describe('stopping the stack mid-work', () => {
  it('finishes or returns every task message, and the next start completes them all', async () => {
    const first = await startEmbeddedStack({ dataDir, parameterOverrides });
    stacks.push(first);
    const ids = Array.from({ length: 100 }, () => randomUUID());
    // A slow model keeps batches running while the stack stops.
    await fetch(`${first.endpoints.bedrock}/_fake/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ fault: 'latency', latencyMs: 300 }),
    });
    const sqs = new SQSClient(localClientConfig(first.endpoints.sqs!));
    const taskQueue = await queueUrl(first, sqs, 'TaskQueue');
    await storeTasks(first, ids);
    for (let i = 0; i < ids.length; i += 10) {
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl: taskQueue,
          Entries: ids.slice(i, i + 10).map((id, index) => ({ Id: String(index), MessageBody: JSON.stringify({ task_id: id, prompt: `restart ${id}` }) })),
        }),
      );
    }
    for (;;) {
      const seen = await statuses(first, ids);
      if ([...seen.values()].includes('processing')) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    sqs.destroy();
    await first.close();
    stacks.pop();
    // What the first stack did not get to was saved, not lost.
    const saved = readSnapshot(join(dataDir, 'sqs', 'messages.json'))!;
    const taskQueueName = first.model.queues.find((queue) => queue.logicalId === 'TaskQueue')!.queueName;
    expect(saved.messages[taskQueueName]!.length).toBeGreaterThan(0);

    const second = await startEmbeddedStack({ dataDir, parameterOverrides });
    stacks.push(second);
    const deadline = Date.now() + 60_000;
    let seen = await statuses(second, ids);
    while ([...seen.values()].filter((status) => status === 'succeeded').length < ids.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      seen = await statuses(second, ids);
    }

    expect(ids.map((id) => seen.get(id))).toEqual(ids.map(() => 'succeeded'));
    const sqsAfter = new SQSClient(localClientConfig(second.endpoints.sqs!));
    const dlq = await sqsAfter.send(
      new GetQueueAttributesCommand({ QueueUrl: await queueUrl(second, sqsAfter, 'TaskDeadLetterQueue'), AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    sqsAfter.destroy();
    expect(dlq.Attributes?.ApproximateNumberOfMessages).toBe('0');
  }, 120_000);
});
