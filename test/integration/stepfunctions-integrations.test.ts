/**
 * Service integrations against the real local services over the real SDKs: bedrock:invokeModel
 * (fake Bedrock, with a throttle retried by the state's Retry), dynamodb:* (dynalite),
 * sqs:sendMessage (local SQS) and states:startExecution.sync:2.
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer } from '../../local/bedrock/index.js';
import { startDynalite } from '../../local/dynamodb/startDynalite.js';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import { startSqsServer } from '../../local/sqs/index.js';
import { startStepFunctionsServer, type RunningStepFunctions } from '../../local/stepfunctions/index.js';

const ROLE = 'arn:aws:iam::000000000000:role/local';
const MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';

describe('Step Functions service integrations', () => {
  const closers: (() => Promise<void>)[] = [];
  let bedrockUrl: string;
  let server: RunningStepFunctions;
  let sfn: SFNClient;
  let dynamodb: DynamoDBClient;
  let sqs: SQSClient;

  beforeAll(async () => {
    const bedrock = await startBedrockServer({ host: '127.0.0.1', port: 0 });
    closers.push(() => bedrock.close());
    bedrockUrl = bedrock.url;
    const dynamo = await startDynalite({ host: '127.0.0.1', port: 0 });
    closers.push(() => dynamo.close());
    const queues = await startSqsServer({ port: 0 });
    closers.push(() => queues.close());
    server = await startStepFunctionsServer({ port: 0, endpoints: { bedrock: bedrock.url, dynamodb: dynamo.url, sqs: queues.url }, waitScale: 0 });
    closers.push(() => server.close());
    sfn = new SFNClient({ ...localClientConfig(server.url), disableHostPrefix: true });
    dynamodb = new DynamoDBClient(localClientConfig(dynamo.url));
    sqs = new SQSClient(localClientConfig(queues.url));
  });

  afterAll(async () => {
    for (const client of [sfn, dynamodb, sqs]) client?.destroy();
    for (const close of closers.reverse()) await close();
  });

  async function run(name: string, definition: object, input: object) {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }));
    for (let i = 0; i < 400; i += 1) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') {
        const { events } = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
        return { described, events: events ?? [], output: described.output && JSON.parse(described.output) };
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(`${name} did not finish`);
  }

  it('bedrock:invokeModel sends Body as JSON and returns the parsed answer under Body; a throttle is retried', async () => {
    const tag = `throttle-${Date.now()}`;
    await fetch(`${bedrockUrl}/_fake/faults`, { method: 'POST', body: JSON.stringify({ fault: 'throttling', model: MODEL, operations: ['InvokeModel'], times: 2 }) });
    const { described, events, output } = await run(
      'InvokeModel',
      {
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::bedrock:invokeModel',
            Parameters: {
              ModelId: MODEL,
              Body: { anthropic_version: 'bedrock-2023-05-31', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'text', 'text.$': '$.question' }] }] },
            },
            Retry: [{ ErrorEquals: ['Bedrock.ThrottlingException'], IntervalSeconds: 1, MaxAttempts: 3 }],
            End: true,
          },
        },
      },
      { question: `Hello ${tag}` },
    );
    expect(described.status).toBe('SUCCEEDED');
    expect(output.Body.content[0].type).toBe('text');
    expect(output.Body.content[0].text.length).toBeGreaterThan(0);
    expect(output.ContentType).toBe('application/json');
    const failures = events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails);
    expect(failures).toHaveLength(2);
    expect(failures[0]).toMatchObject({ resourceType: 'bedrock', resource: 'invokeModel', error: 'Bedrock.ThrottlingException' });
    expect(failures[0]?.cause).toMatch(/Status Code: 429; Error Code: ThrottlingException/);
    const calls = (await (await fetch(`${bedrockUrl}/_fake/invocations`)).json()) as { invocations: { operation: string; input: { messages?: { content: { text?: string }[] }[] } }[] };
    const mine = calls.invocations.filter((c) => c.operation === 'InvokeModel' && c.input.messages?.[0]?.content[0]?.text === `Hello ${tag}`);
    expect(mine.length).toBeGreaterThanOrEqual(1);
  });

  it('dynamodb:putItem/getItem/updateItem/deleteItem use low-level attribute values; a failed condition is DynamoDB.ConditionalCheckFailedException', async () => {
    await dynamodb.send(
      new CreateTableCommand({ TableName: 'Items', BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] }),
    );
    const key = { id: { 'S.$': '$.id' } };
    const { described, output } = await run(
      'Dynamo',
      {
        StartAt: 'Put',
        States: {
          Put: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:putItem', Parameters: { TableName: 'Items', Item: { id: { 'S.$': '$.id' }, count: { N: '1' } } }, ResultPath: null, Next: 'Update' },
          Update: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:updateItem',
            Parameters: { TableName: 'Items', Key: key, UpdateExpression: 'ADD #c :one', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':one': { N: '1' } } },
            ResultPath: null,
            Next: 'Get',
          },
          Get: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:getItem', Parameters: { TableName: 'Items', Key: key }, ResultSelector: { 'count.$': '$.Item.count.N' }, ResultPath: '$.read', Next: 'PutAgain' },
          PutAgain: {
            Type: 'Task',
            Resource: 'arn:aws:states:::dynamodb:putItem',
            Parameters: { TableName: 'Items', Item: { id: { 'S.$': '$.id' } }, ConditionExpression: 'attribute_not_exists(id)' },
            Catch: [{ ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'], ResultPath: '$.conflict', Next: 'Delete' }],
            Next: 'Delete',
          },
          Delete: { Type: 'Task', Resource: 'arn:aws:states:::dynamodb:deleteItem', Parameters: { TableName: 'Items', Key: key }, ResultPath: null, End: true },
        },
      },
      { id: 'item-1' },
    );
    expect(described.status).toBe('SUCCEEDED');
    expect(output.read).toEqual({ count: '2' });
    expect(output.conflict.Error).toBe('DynamoDB.ConditionalCheckFailedException');
  });

  it('sqs:sendMessage sends an object body as JSON text', async () => {
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: 'sfn-out' }));
    const { described, output } = await run(
      'Sqs',
      { StartAt: 'Send', States: { Send: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage', Parameters: { QueueUrl, MessageBody: { 'order.$': '$.order' } }, End: true } } },
      { order: 42 },
    );
    expect(described.status).toBe('SUCCEEDED');
    expect(output.MessageId).toBeTypeOf('string');
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 1 }));
    expect(received.Messages?.[0]?.Body).toBe('{"order":42}');
  });

  it('states:startExecution.sync:2 runs a child execution and returns its output as JSON', async () => {
    const { stateMachineArn: childArn } = await sfn.send(
      new CreateStateMachineCommand({ name: 'Child', roleArn: ROLE, definition: JSON.stringify({ StartAt: 'Double', States: { Double: { Type: 'Pass', Parameters: { 'value.$': 'States.MathAdd($.n, $.n)' }, End: true } } }) }),
    );
    const { described, output } = await run(
      'Parent',
      {
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::states:startExecution.sync:2',
            Parameters: { StateMachineArn: childArn, Input: { 'n.$': '$.n', 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID.$': '$$.Execution.Id' } },
            ResultSelector: { 'value.$': '$.Output.value', 'status.$': '$.Status' },
            End: true,
          },
        },
      },
      { n: 21 },
    );
    expect(described.status).toBe('SUCCEEDED');
    expect(output).toEqual({ value: 42, status: 'SUCCEEDED' });
  });
});
