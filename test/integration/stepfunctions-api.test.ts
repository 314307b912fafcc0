/**
 * The Step Functions API over HTTP with the real `@aws-sdk/client-sfn`: state machine and execution
 * operations, AWS error codes, StartSyncExecution, a JSONata machine, a mocked test case
 * (MockConfigFile), and persistence across a restart.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStepFunctionsServer, type RunningStepFunctions } from '../../local/stepfunctions/index.js';

const ROLE = 'arn:aws:iam::000000000000:role/local';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

function clientFor(server: RunningStepFunctions): SFNClient {
  return new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials, disableHostPrefix: true, maxAttempts: 1 });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 200; i += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('condition not reached');
}

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

const passMachine = JSON.stringify({ StartAt: 'Hello', States: { Hello: { Type: 'Pass', Parameters: { 'greeting.$': "States.Format('Hello {}', $.name)" }, End: true } } });

describe('Step Functions API', () => {
  let dir: string;
  let server: RunningStepFunctions;
  let sfn: SFNClient;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'sfn-api-'));
    const mockConfigPath = path.join(dir, 'mocks.json');
    await writeFile(
      mockConfigPath,
      JSON.stringify({
        StateMachines: { Mocked: { TestCases: { ModelDown: { Analyse: 'Throttled' }, HappyPath: { Analyse: 'Answer' } } } },
        MockedResponses: {
          Throttled: { '0': { Throw: { Error: 'Bedrock.ThrottlingException', Cause: 'Too many requests' } } },
          Answer: { '0': { Return: { Body: { content: [{ type: 'text', text: 'mocked analysis' }] } } } },
        },
      }),
    );
    server = await startStepFunctionsServer({ port: 0, dataDir: path.join(dir, 'data'), mockConfigPath, waitScale: 0 });
    sfn = clientFor(server);
  });

  afterAll(async () => {
    sfn?.destroy();
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates, describes, lists, updates and deletes state machines', async () => {
    const created = await sfn.send(new CreateStateMachineCommand({ name: 'Crud', definition: passMachine, roleArn: ROLE }));
    expect(created.stateMachineArn).toBe('arn:aws:states:us-east-1:000000000000:stateMachine:Crud');
    expect(created.creationDate).toBeInstanceOf(Date);
    const again = await sfn.send(new CreateStateMachineCommand({ name: 'Crud', definition: passMachine, roleArn: ROLE }));
    expect(again.stateMachineArn).toBe(created.stateMachineArn);

    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect(described).toMatchObject({ name: 'Crud', status: 'ACTIVE', type: 'STANDARD', definition: passMachine, roleArn: ROLE });
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.name)).toContain('Crud');

    const other = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: created.stateMachineArn, definition: other }));
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn }))).definition).toBe(other);
    expect((await errorOf(sfn.send(new CreateStateMachineCommand({ name: 'Crud', definition: passMachine, roleArn: ROLE })))).name).toBe('StateMachineAlreadyExists');

    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: created.stateMachineArn }));
    expect((await errorOf(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: created.stateMachineArn })))).name).toBe('StateMachineDoesNotExist');
  });

  it('runs an execution and reports it with DescribeExecution, GetExecutionHistory and ListExecutions', async () => {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Greeter', definition: passMachine, roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'greet-1', input: '{"name":"Ann"}' }));
    expect(executionArn).toBe('arn:aws:states:us-east-1:000000000000:execution:Greeter:greet-1');

    const described = await until(() => sfn.send(new DescribeExecutionCommand({ executionArn })), (d) => d.status !== 'RUNNING');
    expect(described).toMatchObject({ status: 'SUCCEEDED', name: 'greet-1', stateMachineArn, input: '{"name":"Ann"}', output: '{"greeting":"Hello Ann"}' });
    expect(described.stopDate!.getTime()).toBeGreaterThanOrEqual(described.startDate!.getTime());

    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'PassStateExited', 'ExecutionSucceeded']);
    expect(history.events?.[0].timestamp).toBeInstanceOf(Date);
    const reversed = await sfn.send(new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 2 }));
    expect(reversed.events?.map((e) => e.id)).toEqual([4, 3]);
    expect(reversed.nextToken).toBeDefined();

    const listed = await sfn.send(new ListExecutionsCommand({ stateMachineArn, statusFilter: 'SUCCEEDED' }));
    expect(listed.executions?.map((e) => e.name)).toEqual(['greet-1']);
    expect((await errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'greet-1', input: '{"name":"Bob"}' })))).name).toBe('ExecutionAlreadyExists');
  });

  it('answers bad requests with AWS’s error codes', async () => {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Errors', definition: passMachine, roleArn: ROLE }));
    const badInput = await errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{not json' })));
    expect(badInput).toMatchObject({ name: 'InvalidExecutionInput', status: 400 });
    const badDefinition = await errorOf(
      sfn.send(new CreateStateMachineCommand({ name: 'Broken', roleArn: ROLE, definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Nxt: 'B', End: true } } }) })),
    );
    expect(badDefinition.name).toBe('InvalidDefinition');
    expect(badDefinition.message).toContain("State 'A' (Pass): unknown field 'Nxt'");
    expect((await errorOf(sfn.send(new CreateStateMachineCommand({ name: 'bad name', definition: passMachine, roleArn: ROLE })))).name).toBe('InvalidName');
    expect((await errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })))).name).toBe('InvalidArn');
    expect((await errorOf(sfn.send(new DescribeExecutionCommand({ executionArn: `${stateMachineArn!.replace('stateMachine', 'execution')}:nope` })))).name).toBe('ExecutionDoesNotExist');
    expect((await errorOf(sfn.send(new StartSyncExecutionCommand({ stateMachineArn })))).name).toBe('StateMachineTypeNotSupported');

    const unknown = await fetch(server.url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.SendTaskSuccess', 'content-type': 'application/x-amz-json-1.0' }, body: '{}' });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ __type: 'UnknownOperationException' });
    const garbage = await fetch(server.url, { method: 'POST', headers: { 'x-amz-target': 'AWSStepFunctions.ListStateMachines' }, body: '{nope' });
    expect(await garbage.json()).toMatchObject({ __type: 'SerializationException' });
    const mistyped = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.StartExecution', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ stateMachineArn: 5, input: { x: 1 } }),
    });
    expect(mistyped.status).toBe(400);
    expect(await mistyped.json()).toMatchObject({ __type: 'SerializationException' });
  });

  it('runs an express machine synchronously (StartSyncExecution)', async () => {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Express', type: 'EXPRESS', definition: passMachine, roleArn: ROLE }));
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"name":"Sync"}' }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"greeting":"Hello Sync"}' });
    expect(result.executionArn).toMatch(/^arn:aws:states:us-east-1:000000000000:express:Express:/);
  });

  it('refuses ListExecutions on an express machine (StateMachineTypeNotSupported), as AWS does', async () => {
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'ExpressUnlisted', type: 'EXPRESS', definition: passMachine, roleArn: ROLE }));
    await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: '{"name":"Sync"}' }));
    const refused = await errorOf(sfn.send(new ListExecutionsCommand({ stateMachineArn })));
    expect(refused).toMatchObject({ name: 'StateMachineTypeNotSupported', status: 400 });
    const raw = await fetch(server.url, {
      method: 'POST',
      headers: { 'x-amz-target': 'AWSStepFunctions.ListExecutions', 'content-type': 'application/x-amz-json-1.0' },
      body: JSON.stringify({ stateMachineArn }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({ __type: 'StateMachineTypeNotSupported', message: 'This operation is not supported by this type of state machine' });
  });

  it('runs a JSONata state machine with variables', async () => {
    const definition = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'Total',
      States: {
        Total: { Type: 'Pass', Assign: { total: '{% $sum($states.input.items.price) %}' }, Next: 'Report' },
        Report: { Type: 'Pass', Output: { total: '{% $total %}', expensive: '{% $total > 10 %}' }, End: true },
      },
    });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Jsonata', definition, roleArn: ROLE }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ items: [{ price: 4 }, { price: 9 }] }) }));
    const described = await until(() => sfn.send(new DescribeExecutionCommand({ executionArn })), (d) => d.status !== 'RUNNING');
    expect(described.output).toBe('{"total":13,"expensive":true}');
  });

  it('runs a mocked test case chosen with #TestCase (MockConfigFile), without calling the service', async () => {
    const definition = JSON.stringify({
      StartAt: 'Analyse',
      States: {
        Analyse: {
          Type: 'Task',
          Resource: 'arn:aws:states:::bedrock:invokeModel',
          Parameters: { ModelId: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', Body: { messages: [] } },
          ResultSelector: { 'text.$': '$.Body.content[0].text' },
          Catch: [{ ErrorEquals: ['Bedrock.ThrottlingException'], ResultPath: '$.failure', Next: 'ModelUnavailable' }],
          End: true,
        },
        ModelUnavailable: { Type: 'Pass', Parameters: { 'fallback.$': '$.failure.Error' }, End: true },
      },
    });
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Mocked', definition, roleArn: ROLE }));
    const down = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#ModelDown`, input: '{}' }));
    const happy = await sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#HappyPath`, input: '{}' }));
    const [downResult, happyResult] = await Promise.all(
      [down, happy].map(({ executionArn }) => until(() => sfn.send(new DescribeExecutionCommand({ executionArn })), (d) => d.status !== 'RUNNING')),
    );
    expect(downResult.output).toBe('{"fallback":"Bedrock.ThrottlingException"}');
    expect(happyResult.output).toBe('{"text":"mocked analysis"}');
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: down.executionArn }));
    expect(history.events?.find((e) => e.type === 'TaskFailed')?.taskFailedEventDetails).toMatchObject({ error: 'Bedrock.ThrottlingException', cause: 'Too many requests' });
    expect((await errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn}#NoSuchCase` })))).name).toBe('ValidationException');
  });

  it('stops an execution (ABORTED), keeps machines and executions across a restart, and resumes the one that was running', async () => {
    const waiting = JSON.stringify({ StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 3600, End: true } } });
    const restartDir = path.join(dir, 'restart');
    const first = await startStepFunctionsServer({ port: 0, dataDir: restartDir });
    const client = clientFor(first);
    const { stateMachineArn } = await client.send(new CreateStateMachineCommand({ name: 'Waiter', definition: waiting, roleArn: ROLE }));
    const stopped = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'stopped' }));
    const cut = await client.send(new StartExecutionCommand({ stateMachineArn, name: 'cut-off' }));
    await client.send(new StopExecutionCommand({ executionArn: stopped.executionArn, error: 'Manual', cause: 'test' }));
    expect(await client.send(new DescribeExecutionCommand({ executionArn: stopped.executionArn }))).toMatchObject({ status: 'ABORTED', error: 'Manual', cause: 'test' });
    client.destroy();
    await first.close();

    const second = await startStepFunctionsServer({ port: 0, dataDir: restartDir });
    const after = clientFor(second);
    try {
      expect((await after.send(new DescribeStateMachineCommand({ stateMachineArn }))).definition).toBe(waiting);
      const stoppedAfter = await after.send(new DescribeExecutionCommand({ executionArn: stopped.executionArn }));
      expect(stoppedAfter).toMatchObject({ status: 'ABORTED', error: 'Manual' });
      // Standard executions run on across a stop of the service: it resumes at the state that was running.
      const cutAfter = await after.send(new DescribeExecutionCommand({ executionArn: cut.executionArn }));
      expect(cutAfter.status).toBe('RUNNING');
      const history = await after.send(new GetExecutionHistoryCommand({ executionArn: cut.executionArn }));
      expect(history.events?.map((e) => e.type)).toEqual(['ExecutionStarted', 'WaitStateEntered', 'WaitStateEntered']);
      await after.send(new StopExecutionCommand({ executionArn: cut.executionArn }));
      expect((await after.send(new DescribeExecutionCommand({ executionArn: cut.executionArn }))).status).toBe('ABORTED');
    } finally {
      after.destroy();
      await second.close();
    }
  });
});
