/**
 * A poison message reaches the dead-letter queue with the template's default timeouts (visibility
 * timeout 360 s = 6 × the processor's 60 s, maxReceiveCount 3): 18 minutes of queue time, skipped by
 * advancing the stack clock (from JavaScript and through its HTTP endpoint) after each failed receive.
 * And the template's TTL (TaskTable's `expires_at`) expires items when the same clock moves.
 */
import { DescribeTimeToLiveCommand, DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { InvokeResult } from '../../local/runtime/types.js';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import type { RunningStack } from '../../local/stack.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

let stack: RunningStack;
let sqs: SQSClient;
/** The processor's invocations that have ended (the poller settles each batch right after). */
const processed: InvokeResult[] = [];

beforeAll(async () => {
  stack = await startEmbeddedStack();
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs!));
  const invoke = stack.runtime.invoke.bind(stack.runtime);
  stack.runtime.invoke = async (functionId, event, options) => {
    const result = await invoke(functionId, event, options);
    if (functionId === 'ProcessTaskFunction') processed.push(result);
    return result;
  };
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.close();
});

const queueUrl = async (logicalId: string) =>
  (await sqs.send(new GetQueueUrlCommand({ QueueName: stack.model.queues.find((queue) => queue.logicalId === logicalId)!.queueName }))).QueueUrl!;

describe('a poison message on the stack clock', () => {
  it('reaches the dead-letter queue after maxReceiveCount visibility timeouts of the default template', async () => {
    const taskQueue = await queueUrl('TaskQueue');
    const deadLetterQueue = await queueUrl('TaskDeadLetterQueue');
    const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: taskQueue, AttributeNames: ['VisibilityTimeout', 'RedrivePolicy'] }));
    expect(Attributes?.VisibilityTimeout).toBe('360');
    expect(JSON.parse(Attributes!.RedrivePolicy!)).toMatchObject({ maxReceiveCount: 3 });

    const poison = '{"task_id": "poison", "prompt": ';
    const { MessageId } = await sqs.send(new SendMessageCommand({ QueueUrl: taskQueue, MessageBody: poison }));
    for (let receive = 1; receive <= 3; receive++) {
      await vi.waitFor(() => expect(processed).toHaveLength(receive), { timeout: 20_000 });
      if (receive === 2) {
        const moved = await fetch(`${stack.endpoints.clock}/_clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"by":"6m"}' });
        expect(moved.status).toBe(200);
      } else {
        await stack.clock.advance('6m');
      }
    }

    const dead = await vi.waitFor(
      async () => {
        const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterQueue, VisibilityTimeout: 0 }));
        expect(Messages).toHaveLength(1);
        return Messages[0];
      },
      { timeout: 10_000 },
    );
    expect(dead).toMatchObject({ MessageId, Body: poison });
    expect(processed).toHaveLength(3);
    expect(stack.clock.offsetMs).toBe(18 * 60_000);
  }, 60_000);
});

describe("the template's DynamoDB TTL on the stack clock", () => {
  it('deletes a task whose expires_at the clock passed, with a REMOVE record of the TTL service', async () => {
    const dynamodb = new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb!));
    try {
      const table = stack.model.tables.find((candidate) => candidate.logicalId === 'TaskTable')!.tableName;
      const ttl = await dynamodb.send(new DescribeTimeToLiveCommand({ TableName: table }));
      expect(ttl.TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
      const expiresAt = Math.floor(stack.clock.now() / 1000) + 7 * 86_400;
      await dynamodb.send(new PutItemCommand({ TableName: table, Item: { task_id: { S: 'expiring-task' }, expires_at: { N: String(expiresAt) } } }));
      // DynamoDB expires an item once its TTL is *before* now (in whole seconds): a second past the week.
      await stack.clock.advance(7 * 86_400_000 + 1_000);
      const { Item } = await dynamodb.send(new GetItemCommand({ TableName: table, Key: { task_id: { S: 'expiring-task' } } }));
      expect(Item).toBeUndefined();
      expect(stack.ttl.records(table).map((record) => record.dynamodb?.Keys)).toEqual([{ task_id: { S: 'expiring-task' } }]);
      const overHttp = (await (await fetch(`${stack.endpoints.clock}/_clock/ttl-deletions?table=${table}`)).json()) as { Records: { eventName: string }[] };
      expect(overHttp.Records.map((record) => record.eventName)).toEqual(['REMOVE']);
    } finally {
      dynamodb.destroy();
    }
  });
});
