/**
 * A Standard execution in flight when the Step Functions service is killed (`kill -9`) resumes at
 * the next start from the state after the last one that completed, with that state's output and
 * the variables then, and ends as it would have (AWS runs Standard executions on).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
  type HistoryEvent,
} from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it } from 'vitest';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import { startChild, type StartedChild } from './harness/childProcess.js';

const SCRIPT = 'test/fixtures/processes/stepFunctionsServerProcess.ts';
const children: StartedChild<{ url: string }>[] = [];
const dirs: string[] = [];

afterEach(async () => {
  for (const child of children.splice(0)) await child.kill9();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const DEFINITION = {
  StartAt: 'First',
  States: {
    First: { Type: 'Pass', Result: { n: 1 }, ResultPath: '$.first', Assign: { counter: 41 }, Next: 'Pause' },
    Pause: { Type: 'Wait', Seconds: 2, Next: 'Last' },
    Last: { Type: 'Pass', Parameters: { 'counter.$': '$counter' }, ResultPath: '$.last', End: true },
  },
};

async function startSfnProcess(dataDir: string): Promise<SFNClient> {
  const started = await startChild<{ url: string }>(SCRIPT, [dataDir]);
  children.push(started);
  return new SFNClient({ ...localClientConfig(started.ready.url), disableHostPrefix: true });
}

async function history(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  return (await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

describe('Step Functions killed with SIGKILL mid-execution', () => {
  it('resumes the execution from its last completed state at the next start', async () => {
    // Prepare
    const dataDir = mkdtempSync(join(tmpdir(), 'sfn-crash-'));
    dirs.push(dataDir);
    const first = await startSfnProcess(dataDir);
    const { stateMachineArn } = await first.send(
      new CreateStateMachineCommand({ name: 'Resumable', definition: JSON.stringify(DEFINITION), roleArn: 'arn:aws:iam::000000000000:role/local' }),
    );
    const { executionArn } = await first.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    for (let tries = 0; !(await history(first, executionArn!)).some((event) => event.type === 'WaitStateEntered'); tries++) {
      if (tries > 200) throw new Error('the execution never reached Pause');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }

    // Act
    await children[0]!.kill9();
    const killedAt = Date.now();
    first.destroy();
    const second = await startSfnProcess(dataDir);
    let status = 'RUNNING';
    let output: string | undefined;
    for (let tries = 0; status === 'RUNNING' && tries < 300; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      ({ status = 'RUNNING', output } = await second.send(new DescribeExecutionCommand({ executionArn })));
    }

    // Assess
    expect(status).toBe('SUCCEEDED');
    expect(JSON.parse(output!)).toEqual({ first: { n: 1 }, last: { counter: 41 } });
    const events = await history(second, executionArn!);
    const entered = events.filter((event) => event.type?.endsWith('StateEntered')).map((event) => event.stateEnteredEventDetails?.name);
    // First ran once, before the kill; Pause (running at the kill) ran again after it, then Last.
    expect(entered.filter((name) => name === 'First')).toHaveLength(1);
    expect(entered.slice(-2)).toEqual(['Pause', 'Last']);
    expect(events.map((event) => event.id)).toEqual(events.map((_, index) => index + 1));
    expect(events.at(-1)?.type).toBe('ExecutionSucceeded');
    expect(events.at(-1)!.timestamp!.getTime()).toBeGreaterThan(killedAt);
    second.destroy();
  }, 90_000);
});
