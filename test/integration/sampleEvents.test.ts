/**
 * The samples in `events/` against the real handlers and the real emulators, on an embedded stack:
 * every function accepts its sample, and the gateway, Step Functions and SQS build events of the
 * samples' shape for the template's own routes, tasks and queue.
 */
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayAuthorizerResult, APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSqsRecord } from '../../local/events/buildSqsEvent.js';
import { startGateway, type RunningGateway } from '../../local/gateway/index.js';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import type { RunningStack } from '../../local/stack.js';
import { toEventJson } from '../../local/runtime/SerializedEvent.js';
import type { InvokeResult, LambdaRuntime } from '../../local/runtime/types.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoTaskStore } from '../../src/tasks/dynamoTaskStore.js';
import { SqsTaskQueue } from '../../src/tasks/sqsTaskQueue.js';
import { CallbackUrlPolicy } from '../../src/tasks/callbackUrlPolicy.js';
import { parseTaskMessage } from '../../src/tasks/taskMessage.js';
import { decodedBody, readSampleEvent, sampleFor, samplesOf, type SampleEvent } from '../fixtures/sampleEvents.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

let stack: RunningStack;
/** A second gateway over the stack's runtime that records every event it hands a function. */
let gateway: RunningGateway;
const recorded: { functionId: string; event: unknown }[] = [];
let token: string;
let apiKey: string;

beforeAll(async () => {
  stack = await startEmbeddedStack();
  token = stack.endpoints.token ?? '';
  apiKey = stack.endpoints.apiKey ?? '';
  const recordingRuntime: LambdaRuntime = {
    invoke: (functionId, event, options) => {
      // Recorded as the function receives it (the gateway hands its proxy events over as JSON text).
      recorded.push({ functionId, event: JSON.parse(toEventJson(event)) as unknown });
      return stack.runtime.invoke(functionId, event, options);
    },
    close: async () => {},
  };
  // ApiKeySourceType AUTHORIZER: the key checked is the one the authorizer reads from the dev token's usage-key claim.
  const usageKey = (JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as { usage_key?: string }).usage_key ?? apiKey;
  gateway = await startGateway(stack.model, recordingRuntime, { apiPort: 0, functionUrlPorts: 'random', apiKeys: [{ id: 'sample-events', value: usageKey }], log: () => {} });
});

afterAll(async () => {
  await gateway?.close();
  await stack?.close();
});

async function invokeSample(functionId: string, edit?: (event: Record<string, unknown>) => void): Promise<InvokeResult> {
  const event = (await readSampleEvent(sampleFor(functionId))) as unknown as Record<string, unknown>;
  edit?.(event);
  return stack.runtime.invoke(functionId, event);
}

/** The proxy result of an invocation that returned normally. */
function okResponse(result: InvokeResult): APIGatewayProxyResult {
  expect(result.status, JSON.stringify(result)).toBe('ok');
  return (result as { payload: APIGatewayProxyResult }).payload;
}

function jsonBody(response: APIGatewayProxyResult): Record<string, unknown> {
  return JSON.parse(response.body) as Record<string, unknown>;
}

/** The actual event has exactly the sample's keys, each holding the same JSON kind (null matches any kind); header and parameter maps hold whatever a request carried. */
function expectShapeOf(actual: unknown, sample: unknown, path = '$'): void {
  if (sample === null || actual === null) return;
  expect(typeof actual, path).toBe(typeof sample);
  if (typeof sample !== 'object') return;
  expect(Array.isArray(actual), path).toBe(Array.isArray(sample));
  if (Array.isArray(sample)) {
    if (sample.length > 0 && (actual as unknown[]).length > 0) expectShapeOf((actual as unknown[])[0], sample[0], `${path}[0]`);
    return;
  }
  expect(Object.keys(actual as object).sort(), `${path}: keys`).toEqual(Object.keys(sample as object).sort());
  for (const key of Object.keys(sample as object)) {
    if (['headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables'].includes(key)) continue;
    expect(actual as object, `${path}.${key}`).toHaveProperty([key]);
    expectShapeOf((actual as Record<string, unknown>)[key], (sample as Record<string, unknown>)[key], `${path}.${key}`);
  }
}

describe('each function accepts its sample event', () => {
  it('ChatFunction answers chat-post.json 200 with a response', async () => {
    const body = jsonBody(okResponse(await invokeSample('ChatFunction')));
    expect(body).toMatchObject({ response: expect.any(String), conversation_id: expect.any(String) });
  });

  it('KnowledgeFunction answers knowledge-query.json 200', async () => {
    expect(okResponse(await invokeSample('KnowledgeFunction')).statusCode).toBe(200);
  });

  it('SubmitTaskFunction queues tasks-submit.json (202); GetTaskFunction answers tasks-get.json 404, and 200 for that task', async () => {
    const submitted = okResponse(await invokeSample('SubmitTaskFunction'));
    expect(submitted.statusCode).toBe(202);
    const { task_id: taskId } = jsonBody(submitted) as { task_id: string };

    const unknown = okResponse(await invokeSample('GetTaskFunction'));
    expect(unknown.statusCode).toBe(404);
    expect(jsonBody(unknown)).toEqual({ message: 'Task not found' });

    const found = okResponse(await invokeSample('GetTaskFunction', (event) => withPathId(event, taskId)));
    expect(found.statusCode).toBe(200);
    expect(jsonBody(found)).toMatchObject({ task_id: taskId });
  });

  it('StartDocumentFunction starts documents-start.json (202); GetDocumentFunction answers documents-get.json 404, and 200 for that document', async () => {
    const started = okResponse(await invokeSample('StartDocumentFunction'));
    expect(started.statusCode).toBe(202);
    const { document_id: documentId } = jsonBody(started) as { document_id: string };

    const unknown = okResponse(await invokeSample('GetDocumentFunction'));
    expect(unknown.statusCode).toBe(404);
    expect(jsonBody(unknown)).toEqual({ message: 'Document not found' });

    const found = okResponse(await invokeSample('GetDocumentFunction', (event) => withPathId(event, documentId)));
    expect(found.statusCode).toBe(200);
    expect(jsonBody(found)).toMatchObject({ document_id: documentId, pipeline: 'summary' });
  });

  it('ProcessTaskFunction runs the task of task-processor-sqs.json with no batch item failure', async () => {
    // The processor only runs tasks the submit route created: create the sample's, as POST /tasks would have.
    const sample = (await readSampleEvent(sampleFor('ProcessTaskFunction'))) as unknown as { Records: { body: string }[] };
    const { task_id: taskId } = JSON.parse(sample.Records[0]!.body) as { task_id: string };
    const tableName = stack.model.tables.find((table) => table.logicalId === 'TaskTable')!.tableName;
    const dynamodb = DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(stack.endpoints.dynamodb!)));
    const now = new Date().toISOString();
    const store = new DynamoTaskStore(dynamodb, { tableName, ttlDays: 1 });
    await store.create({ task_id: taskId, user_id: 'dev-user', status: 'queued', created_at: now, updated_at: now, expires_at: store.expiresAt() });
    dynamodb.destroy();

    const result = await invokeSample('ProcessTaskFunction');
    expect(result).toMatchObject({ status: 'ok', payload: { batchItemFailures: [] } });
  });

  it('ExtractTextFunction extracts the text of extract-text-sfn.json', async () => {
    const result = await invokeSample('ExtractTextFunction');
    expect(result).toMatchObject({ status: 'ok', payload: { text: expect.stringContaining('Quarterly report'), truncated: false } });
  });

  it('CombineResultsFunction combines combine-results-sfn.json', async () => {
    const result = await invokeSample('CombineResultsFunction');
    expect(result).toMatchObject({ status: 'ok', payload: { sentiment: { label: 'positive' }, keywords: expect.arrayContaining(['churn']) } });
  });

  it('AuthorizerFunction refuses the placeholder token of authorizer-token.json, and allows a real bearer token', async () => {
    // The sample's token is SAM's placeholder (no `Bearer `): the authorizer's answer for it is API Gateway's 401.
    expect(await invokeSample('AuthorizerFunction')).toMatchObject({ status: 'error', error: { errorMessage: 'Unauthorized' } });
    const allowed = await invokeSample('AuthorizerFunction', (event) => (event.authorizationToken = `Bearer ${token}`));
    expect(allowed.status).toBe('ok');
    const policy = (allowed as { payload: APIGatewayAuthorizerResult }).payload;
    expect(policy.principalId).toBe('dev-user');
    expect(policy.context).toMatchObject({ userId: 'dev-user' });
    expect(policy.policyDocument.Statement[0]).toMatchObject({ Effect: 'Allow' });
  });

  it('StreamFunction streams a reply for chat-stream-post.json, and answers 401 without the authorizer\'s identity', async () => {
    const anonymous = okResponse(await invokeSample('StreamFunction', (event) => ((event.requestContext as Record<string, unknown>).authorizer = null)));
    expect(anonymous.statusCode).toBe(401);
    const streamed = okResponse(await invokeSample('StreamFunction'));
    expect(streamed.statusCode).toBe(200);
    expect(streamed.headers?.['Content-Type']).toBe('text/event-stream');
    expect(streamed.body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });
});

function withPathId(event: Record<string, unknown>, id: string): void {
  const resource = event.resource as string;
  event.pathParameters = { id };
  event.path = resource.replace('{id}', id);
  (event.requestContext as Record<string, unknown>).path = `/dev${event.path as string}`;
}

describe('the gateway builds events of the samples\' shape for the template\'s routes', () => {
  async function callRoute(sample: SampleEvent<'api'>): Promise<{ status: number; event: APIGatewayProxyEvent }> {
    const event = await readSampleEvent(sample);
    const from = recorded.length;
    const response = await fetch(`${gateway.apiUrl}${event.path}`, {
      method: event.httpMethod,
      headers: { 'content-type': 'application/json', 'x-api-key': apiKey, authorization: `Bearer ${token}` },
      body: decodedBody(event) ?? undefined,
    });
    await response.arrayBuffer();
    const built = recorded.slice(from).find((r) => r.functionId === sample.functionId);
    expect(built, `${sample.functionId} was invoked (status ${response.status})`).toBeDefined();
    return { status: response.status, event: built!.event as APIGatewayProxyEvent };
  }

  it.each(samplesOf('api'))('$file: same keys and kinds, the same route, and the authorizer context of the same user', async (sample) => {
    const expected = await readSampleEvent(sample);
    const { status, event } = await callRoute(sample);
    expect(status).toBeLessThan(500);
    expectShapeOf(event, expected);
    expect([event.httpMethod, event.resource, event.path]).toEqual([expected.httpMethod, expected.resource, expected.path]);
    const names = Object.keys(expected.pathParameters ?? {}).filter((name) => expected.resource.includes(`{${name}}`));
    expect(Object.keys(event.pathParameters ?? {})).toEqual(names);
    expect(event.requestContext.authorizer).toMatchObject({
      principalId: expected.requestContext.authorizer?.principalId,
      userId: expected.requestContext.authorizer?.userId,
    });
  });

  it('authorizer-token.json: the TOKEN event the gateway sends AuthorizerFunction has its keys', async () => {
    const [sample] = samplesOf('authorizer-token');
    const expected = await readSampleEvent(sample);
    const events = recorded.filter((r) => r.functionId === 'AuthorizerFunction');
    // Results are cached per token (ReauthorizeEvery: 300): the routes above called it at least once.
    expect(events.length).toBeGreaterThan(0);
    const event = events[0].event as Record<string, unknown>;
    expect(Object.keys(event).sort()).toEqual(Object.keys(expected).sort());
    expectShapeOf(event, expected);
    expect(event.authorizationToken).toBe(`Bearer ${token}`);
  });
});

describe('Step Functions and SQS build events of the samples\' shape', () => {
  it('the state machines hand ExtractTextFunction and CombineResultsFunction payloads of extract-text-sfn.json and combine-results-sfn.json', async () => {
    const sfn = new SFNClient(localClientConfig(stack.endpoints.stepfunctions ?? ''));
    const payloads = new Map<string, unknown[]>();
    for (const pipeline of ['summary', 'analysis']) {
      const started = okResponse(await invokeSample('StartDocumentFunction', (event) => setJsonBody(event, { pipeline })));
      const { execution_arn: executionArn } = jsonBody(started) as { execution_arn: string };
      await waitForExecution(sfn, executionArn);
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
      for (const scheduled of lambdaTasks(history.events ?? [])) {
        const functionId = stack.model.functions.find((f) => f.arn === scheduled.FunctionName || f.functionName === scheduled.FunctionName)?.logicalId ?? scheduled.FunctionName;
        payloads.set(functionId, [...(payloads.get(functionId) ?? []), scheduled.Payload]);
      }
    }
    sfn.destroy();
    for (const functionId of ['ExtractTextFunction', 'CombineResultsFunction']) {
      const expected = (await readSampleEvent(sampleFor(functionId))) as unknown as Record<string, unknown>;
      const seen = payloads.get(functionId) ?? [];
      expect(seen.length, functionId).toBeGreaterThan(0);
      for (const payload of seen) {
        expect(Object.keys(payload as object).sort(), functionId).toEqual(Object.keys(expected).sort());
        expectShapeOf(payload, expected);
      }
    }
  });

  it('task-processor-sqs.json holds the body, attributes and checksums SQS gives the message SubmitTaskFunction sends', async () => {
    const [sample] = samplesOf('sqs');
    const expected = (await readSampleEvent(sample)).Records[0];
    const sqs = new SQSClient(localClientConfig(stack.endpoints.sqs ?? ''));
    const { QueueUrl: queueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'sample-events-probe' }));
    await new SqsTaskQueue(sqs, queueUrl ?? '').send(parseTaskMessage(expected.body, { maxPromptBytes: 100_000, callbackPolicy: new CallbackUrlPolicy([]) }));
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], MessageSystemAttributeNames: ['All'], WaitTimeSeconds: 5 }));
    sqs.destroy();
    const record = buildSqsRecord(received.Messages?.[0] ?? {}, { queueArn: expected.eventSourceARN, region: expected.awsRegion });
    expect(Object.keys(record).sort()).toEqual(Object.keys(expected).sort());
    expect(Object.keys(record.attributes).sort()).toEqual(Object.keys(expected.attributes).sort());
    expect({ body: record.body, md5OfBody: record.md5OfBody, messageAttributes: record.messageAttributes, md5OfMessageAttributes: record.md5OfMessageAttributes }).toEqual({
      body: expected.body,
      md5OfBody: expected.md5OfBody,
      messageAttributes: expected.messageAttributes,
      md5OfMessageAttributes: expected.md5OfMessageAttributes,
    });
  });
});

function setJsonBody(event: Record<string, unknown>, fields: Record<string, unknown>): void {
  const body = JSON.parse(decodedBody(event as unknown as APIGatewayProxyEvent) ?? '{}') as Record<string, unknown>;
  event.body = JSON.stringify({ ...body, ...fields });
  event.isBase64Encoded = false;
}

async function waitForExecution(sfn: SFNClient, executionArn: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const { status } = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (status !== 'RUNNING') {
      expect(status).toBe('SUCCEEDED');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${executionArn} still running`);
}

/** `FunctionName` and `Payload` of each `lambda:invoke` task an execution scheduled. */
function lambdaTasks(events: HistoryEvent[]): { FunctionName: string; Payload: unknown }[] {
  return events
    .filter((e) => e.type === 'TaskScheduled' && e.taskScheduledEventDetails?.resourceType === 'lambda')
    .map((e) => JSON.parse(e.taskScheduledEventDetails?.parameters ?? '{}') as { FunctionName: string; Payload: unknown });
}
