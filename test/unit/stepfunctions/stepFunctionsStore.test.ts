import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExecutionRecord } from '../../../local/stepfunctions/store/records.js';
import { INTERRUPTED_CAUSE, MAX_FINISHED_EXPRESS_EXECUTIONS, StepFunctionsStore } from '../../../local/stepfunctions/store/StepFunctionsStore.js';

/** A day after the fixtures' dates: their closed executions are well within the 90 days AWS keeps them. */
const fixtureNow = () => Date.parse('2025-01-02T00:00:00Z');

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

function execution(name: string, status: ExecutionRecord['status']): ExecutionRecord {
  return {
    executionArn: `arn:aws:states:us-east-1:000000000000:execution:M:${name}`,
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:M',
    stateMachineName: 'M',
    name,
    type: 'STANDARD',
    status,
    startDate: new Date('2025-01-01T00:00:00Z'),
    input: '{}',
    history: [{ id: 1, previousEventId: 0, type: 'ExecutionStarted', timestamp: new Date('2025-01-01T00:00:00Z') }],
  };
}

describe('StepFunctionsStore', () => {
  it('keeps machines and executions across a reopen, with dates revived', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sfn-store-'));
    dirs.push(dir);
    const store = await StepFunctionsStore.open(dir, fixtureNow);
    await store.putStateMachine({ stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:M', name: 'M', type: 'STANDARD', definition: '{}', roleArn: 'r', creationDate: new Date() });
    await store.putExecution({ ...execution('done', 'SUCCEEDED'), output: '{"ok":true}', stopDate: new Date() });
    await store.flush();

    const reopened = await StepFunctionsStore.open(dir, fixtureNow);
    expect(reopened.listStateMachines().map((m) => m.name)).toEqual(['M']);
    const done = (await reopened.getExecution(execution('done', 'SUCCEEDED').executionArn))!;
    expect(done.output).toBe('{"ok":true}');
    expect(done.startDate).toBeInstanceOf(Date);
    expect(done.history[0].timestamp).toBeInstanceOf(Date);
    expect((await readdir(path.join(dir, 'executions', 'M'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('lists an execution that was RUNNING when the service stopped as interrupted, and can end it ABORTED with a cause', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sfn-store-'));
    dirs.push(dir);
    const store = await StepFunctionsStore.open(dir, fixtureNow);
    await store.putExecution(execution('cut', 'RUNNING'));
    await store.flush();

    const reopened = await StepFunctionsStore.open(dir, fixtureNow);
    const cut = (await reopened.getExecution(execution('cut', 'RUNNING').executionArn))!;
    expect(cut.status).toBe('RUNNING');
    expect(reopened.interrupted()).toEqual([cut]);
    expect(reopened.interrupted()).toEqual([]);
    await reopened.endInterrupted(cut, INTERRUPTED_CAUSE);
    expect(cut.status).toBe('ABORTED');
    expect(cut.cause).toBe(INTERRUPTED_CAUSE);
    expect(cut.history.at(-1)).toMatchObject({ id: 2, previousEventId: 1, type: 'ExecutionAborted', executionAbortedEventDetails: { cause: INTERRUPTED_CAUSE } });
  });

  it('keeps express executions in memory only', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sfn-store-'));
    dirs.push(dir);
    const store = await StepFunctionsStore.open(dir, fixtureNow);
    await store.putExecution({ ...execution('fast', 'SUCCEEDED'), type: 'EXPRESS' });
    await store.flush();
    expect(await (await StepFunctionsStore.open(dir, fixtureNow)).getExecution(execution('fast', 'SUCCEEDED').executionArn)).toBeUndefined();
  });

  it('keeps a finished Standard execution on disk and only its summary in memory, however many run', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'sfn-store-'));
    dirs.push(dir);
    const store = await StepFunctionsStore.open(dir, fixtureNow);
    await store.putExecution(execution('still-running', 'RUNNING'));
    for (let i = 0; i < 300; i++) {
      const record = execution(`done-${i}`, 'RUNNING');
      await store.putExecution(record);
      Object.assign(record, { status: 'SUCCEEDED', stopDate: new Date('2025-01-01T00:01:00Z'), output: `{"i":${i}}` });
      await store.putExecution(record);
    }

    expect(store.recordsInMemory).toBe(1);
    expect(store.listExecutions(execution('x', 'RUNNING').stateMachineArn)).toHaveLength(301);
    const done = await store.getExecution(execution('done-7', 'SUCCEEDED').executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"i":7}', history: [{ type: 'ExecutionStarted' }] });
    expect(done!.stopDate).toBeInstanceOf(Date);
    expect(store.hasExecution(execution('done-299', 'SUCCEEDED').executionArn)).toBe(true);

    const reopened = await StepFunctionsStore.open(dir, fixtureNow);
    expect(reopened.recordsInMemory).toBe(1);
    expect((await reopened.getExecution(execution('done-299', 'SUCCEEDED').executionArn))?.output).toBe('{"i":299}');
  });

  it('keeps every record whole when it has no directory (an in-memory store)', async () => {
    const store = await StepFunctionsStore.open();
    const record = { ...execution('done', 'SUCCEEDED'), stopDate: new Date() };
    await store.putExecution(record);
    expect(store.recordsInMemory).toBe(1);
    expect(await store.getExecution(record.executionArn)).toBe(record);
  });

  it('keeps only the last finished Express executions (AWS keeps none), and every running one', async () => {
    const store = await StepFunctionsStore.open(undefined, fixtureNow);
    const express = (name: string, status: ExecutionRecord['status']): ExecutionRecord => ({ ...execution(name, status), type: 'EXPRESS', executionArn: `arn:aws:states:us-east-1:000000000000:express:M:${name}:1` });
    const running = express('running', 'RUNNING');
    await store.putExecution(running);
    for (let i = 0; i < MAX_FINISHED_EXPRESS_EXECUTIONS + 5; i++) await store.putExecution({ ...express(`done-${i}`, 'SUCCEEDED'), stopDate: new Date('2025-01-01T00:01:00Z') });

    expect(store.recordsInMemory).toBe(MAX_FINISHED_EXPRESS_EXECUTIONS + 1);
    expect(store.hasExecution(express('done-4', 'SUCCEEDED').executionArn)).toBe(false);
    expect(store.hasExecution(express('done-5', 'SUCCEEDED').executionArn)).toBe(true);
    expect(store.hasExecution(running.executionArn)).toBe(true);
  });
});
