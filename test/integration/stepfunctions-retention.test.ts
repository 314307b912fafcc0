/**
 * A closed Standard execution is kept 90 days after it stopped, as on AWS: then DescribeExecution and
 * GetExecutionHistory answer ExecutionDoesNotExist, ListExecutions no longer lists it, its file is
 * gone from the data directory, and its name can be used again. Over the API, on the stack clock.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StackClock } from '../../local/clock/StackClock.js';
import { startStepFunctionsServer, type RunningStepFunctions } from '../../local/stepfunctions/index.js';

let dataDir: string;
let clock: StackClock;
let server: RunningStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), 'sfn-retention-'));
  clock = new StackClock();
  server = await startStepFunctionsServer({ port: 0, clock, dataDir });
  sfn = new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true, maxAttempts: 1 });
});

afterAll(async () => {
  sfn?.destroy();
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('closed execution retention', () => {
  it('forgets a closed Standard execution 90 days after it stopped, its file included, and frees its name', async () => {
    const definition = { StartAt: 'Done', States: { Done: { Type: 'Pass', End: true } } };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Kept90Days', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/local' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'closed-one', input: '{"n":1}' }));
    await vi.waitFor(async () => expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED'));
    const file = path.join(dataDir, 'executions', 'Kept90Days', 'closed-one.json');
    await vi.waitFor(() => expect(existsSync(file)).toBe(true));

    await clock.advance('89d');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('SUCCEEDED');
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.map((e) => e.executionArn)).toEqual([executionArn]);

    await clock.advance('1d');
    await clock.advance('1m');
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(sfn.send(new GetExecutionHistoryCommand({ executionArn }))).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions).toEqual([]);
    await vi.waitFor(() => expect(existsSync(file)).toBe(false));

    // "Workflow names can be reused after removal of out-of-date execution data."
    const again = await sfn.send(new StartExecutionCommand({ stateMachineArn, name: 'closed-one', input: '{"n":2}' }));
    expect(again.executionArn).toBe(executionArn);
    await vi.waitFor(async () => expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).input).toBe('{"n":2}'));
  });

  it('keeps a running execution however long it runs', async () => {
    const definition = { StartAt: 'Wait', States: { Wait: { Type: 'Wait', Seconds: 200 * 86_400, End: true } } };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'LongRunning', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/local' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    await vi.waitFor(async () => expect((await sfn.send(new GetExecutionHistoryCommand({ executionArn }))).events?.map((e) => e.type)).toContain('WaitStateEntered'));

    await clock.advance('100d');
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    expect((await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions?.map((e) => e.executionArn)).toEqual([executionArn]);
  });
});
