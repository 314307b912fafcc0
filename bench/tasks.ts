/**
 * Async task benchmark: end-to-end tasks/s (POST /tasks → 202 → SQS → event source poller →
 * ProcessTaskFunction → fake Bedrock at zero latency → task `succeeded` in DynamoDB) against the raw
 * send + receive + delete rate of the same embedded SQS in the same run.
 *
 *     npx tsx bench/tasks.ts [--tasks 300] [--messages 2000] [--concurrency 10] [--persistent]
 *
 * `--persistent` runs the stack with a (temporary) data directory, as `genai-kit start` does: SQS
 * then syncs its journal before each answer (group commit).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchGetItemCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { localClientConfig } from '../local/stack/localClientConfig.js';
import { startStack, type RunningStack } from '../local/stack.js';
import { flagOption, numberOption } from './lib/benchArgs.js';

const TASKS = numberOption('tasks', 1000);
const MESSAGES = numberOption('messages', 2000);
const CONCURRENCY = numberOption('concurrency', 10);
/** Consumers of the raw SQS round: as many as the processor's MaximumConcurrency (5). */
const RAW_CONSUMERS = 5;
const PERSISTENT = flagOption('persistent');

interface Row {
  name: string;
  count: number;
  seconds: number;
}

async function main(): Promise<void> {
  const dataDir = PERSISTENT ? mkdtempSync(join(tmpdir(), 'bench-tasks-')) : undefined;
  const stack = await startStack({ ephemeral: !dataDir, ...(dataDir ? { dataDir } : {}), ports: 'random', watch: false, writeEndpointsFile: false, log: () => undefined });
  try {
    const sqs = new SQSClient(localClientConfig(stack.endpoints.sqs!));
    const dynamodb = new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb!));
    // Warm up: build and start the functions once.
    await runTasks(stack, dynamodb, 2 * CONCURRENCY);

    const raw = await rawSqsRound(sqs, MESSAGES);
    const tasks = await runTasks(stack, dynamodb, TASKS);
    const rows: Row[] = [raw, tasks.submit, tasks.endToEnd];
    printTable(rows, raw);
    sqs.destroy();
    dynamodb.destroy();
  } finally {
    await stack.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

/** SendMessageBatch from one producer while RAW_CONSUMERS loops receive and delete. */
async function rawSqsRound(sqs: SQSClient, count: number): Promise<Row> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `bench-raw-${Date.now()}` }));
  const started = performance.now();
  let deleted = 0;
  const producer = (async () => {
    for (let sent = 0; sent < count; sent += 10) {
      const size = Math.min(10, count - sent);
      await sqs.send(
        new SendMessageBatchCommand({
          QueueUrl,
          Entries: Array.from({ length: size }, (_, i) => ({ Id: String(i), MessageBody: JSON.stringify({ task_id: randomUUID(), prompt: 'raw' }) })),
        }),
      );
    }
  })();
  const consumer = async () => {
    while (deleted < count) {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      if (!Messages.length) continue;
      await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })) }));
      deleted += Messages.length;
    }
  };
  await Promise.all([producer, ...Array.from({ length: RAW_CONSUMERS }, consumer)]);
  return { name: 'raw SQS: send + receive + delete', count, seconds: (performance.now() - started) / 1000 };
}

/**
 * The API Gateway event of `POST /tasks` as the gateway builds it after the authorizer allowed it.
 * The bench invokes SubmitTaskFunction directly: the API's usage plan caps requests at 10/s.
 */
function submitEvent(prompt: string): Record<string, unknown> {
  return {
    resource: '/tasks',
    path: '/tasks',
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json' },
    multiValueHeaders: { 'content-type': ['application/json'] },
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: { authorizer: { userId: 'bench-user', principalId: 'bench-user' }, httpMethod: 'POST', path: '/dev/tasks', stage: 'dev' },
    body: JSON.stringify({ prompt }),
    isBase64Encoded: false,
  };
}

/** Submits `count` tasks (CONCURRENCY at a time) and waits until all succeeded. */
async function runTasks(stack: RunningStack, dynamodb: DynamoDBClient, count: number): Promise<{ submit: Row; endToEnd: Row }> {
  const table = stack.model.tables.find((candidate) => candidate.logicalId === 'TaskTable')!.tableName;
  const ids: string[] = [];
  const started = performance.now();
  let next = 0;
  const submitter = async () => {
    while (next < count) {
      next++;
      const result = await stack.runtime.invoke('SubmitTaskFunction', submitEvent(`bench ${randomUUID()}`));
      const payload = result.status === 'ok' ? (result.payload as { statusCode: number; body: string }) : undefined;
      const body = payload ? (JSON.parse(payload.body) as { task_id?: string }) : {};
      if (payload?.statusCode !== 202 || !body.task_id) throw new Error(`submit failed: ${JSON.stringify(result).slice(0, 300)}`);
      ids.push(body.task_id);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, submitter));
  const submitted = performance.now();

  let pending = [...ids];
  while (pending.length) {
    const stillPending: string[] = [];
    for (let i = 0; i < pending.length; i += 100) {
      const chunk = pending.slice(i, i + 100);
      const output = await dynamodb.send(
        new BatchGetItemCommand({ RequestItems: { [table]: { Keys: chunk.map((id) => ({ task_id: { S: id } })), ProjectionExpression: 'task_id, #s', ExpressionAttributeNames: { '#s': 'status' } } } }),
      );
      const done = new Set((output.Responses?.[table] ?? []).filter((item) => item.status?.S === 'succeeded').map((item) => item.task_id!.S!));
      const failed = (output.Responses?.[table] ?? []).filter((item) => item.status?.S === 'failed');
      if (failed.length) throw new Error(`${failed.length} task(s) failed`);
      stillPending.push(...chunk.filter((id) => !done.has(id)));
    }
    pending = stillPending;
    if (pending.length) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const finished = performance.now();
  return {
    submit: { name: 'SubmitTaskFunction → 202 (submit only)', count, seconds: (submitted - started) / 1000 },
    endToEnd: { name: 'tasks end to end: submit → succeeded', count, seconds: (finished - started) / 1000 },
  };
}

function printTable(rows: Row[], reference: Row): void {
  const referenceRate = reference.count / reference.seconds;
  const lines = [['path', 'count', 'seconds', 'per second', 'vs raw SQS']];
  for (const row of rows) {
    const rate = row.count / row.seconds;
    lines.push([row.name, String(row.count), row.seconds.toFixed(2), rate.toFixed(0), `${(rate / referenceRate).toFixed(3)}x`]);
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  process.stdout.write(`${lines.map((line) => line.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')).join('\n')}\n`);
  process.stdout.write(`\nSubmits invoke SubmitTaskFunction directly (the API's usage plan allows 10 requests/s); the fake model\nanswers at once; the processor runs MaximumConcurrency = 5 batches of up to 10 with a 1 s batching window.\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
