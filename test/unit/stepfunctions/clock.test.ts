/**
 * Wait states, Retry backoff and TimeoutSeconds follow the stack's clock: a test skips a day in
 * one call instead of waiting for it.
 */
import { describe, expect, it, vi } from 'vitest';
import { StackClock } from '../../../local/clock/StackClock.js';
import type { ExecutionOutcome } from '../../../local/stepfunctions/engine/executionRunner.js';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';
import { dispatcherFrom, startDefinition } from './runDefinition.js';

const DAY_S = 86_400;

/** The outcome if the execution ended by the next turn of the event loop, else 'running'. */
async function settled(outcome: Promise<ExecutionOutcome>): Promise<ExecutionOutcome | 'running'> {
  return Promise.race([outcome, new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 20))]);
}

async function sleepingOn(clock: StackClock): Promise<void> {
  await vi.waitFor(() => expect(clock.pendingTimers).toBeGreaterThan(0));
}

const waitThenDone = (wait: object) => ({ StartAt: 'Wait', States: { Wait: { Type: 'Wait', ...wait, Next: 'Done' }, Done: { Type: 'Succeed' } } });

describe('Wait states on the stack clock', () => {
  it('a Wait of one day ends when the clock is advanced by a day, not before', async () => {
    const clock = new StackClock();
    const { run, history } = startDefinition(waitThenDone({ Seconds: DAY_S }), { n: 1 }, dispatcherFrom(() => null), clock);
    await sleepingOn(clock);
    await clock.advance('23h');
    expect(await settled(run.outcome)).toBe('running');
    await clock.advance('1h');
    expect(await settled(run.outcome)).toEqual({ status: 'SUCCEEDED', output: { n: 1 } });
    const entered = history.events.find((e) => e.type === 'WaitStateEntered')!.timestamp!.getTime();
    const exited = history.events.find((e) => e.type === 'WaitStateExited')!.timestamp!.getTime();
    expect(exited - entered).toBeGreaterThanOrEqual(DAY_S * 1000);
  });

  it('Timestamp, SecondsPath and TimestampPath count on the clock too', async () => {
    const clock = new StackClock();
    const inTwoDays = new Date(clock.now() + 2 * DAY_S * 1000).toISOString();
    const runs = [
      startDefinition(waitThenDone({ Timestamp: inTwoDays }), {}, dispatcherFrom(() => null), clock).run,
      startDefinition(waitThenDone({ SecondsPath: '$.seconds' }), { seconds: 2 * DAY_S }, dispatcherFrom(() => null), clock).run,
      startDefinition(waitThenDone({ TimestampPath: '$.at' }), { at: inTwoDays }, dispatcherFrom(() => null), clock).run,
    ];
    await vi.waitFor(() => expect(clock.pendingTimers).toBe(3));
    await clock.advance('1d');
    for (const run of runs) expect(await settled(run.outcome)).toBe('running');
    await clock.advance('1d');
    for (const run of runs) expect((await settled(run.outcome)) as ExecutionOutcome).toMatchObject({ status: 'SUCCEEDED' });
  });
});

describe('Retry backoff on the stack clock', () => {
  it('retries after IntervalSeconds × BackoffRate^n, capped by MaxDelaySeconds', async () => {
    const clock = new StackClock();
    let calls = 0;
    const tasks = dispatcherFrom(() => {
      calls += 1;
      if (calls <= 3) throw new StatesError('Bedrock.ThrottlingException', `attempt ${calls}`);
      return { ok: calls };
    });
    const retry = [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 60, BackoffRate: 4, MaxAttempts: 3, MaxDelaySeconds: 600 }];
    const machine = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Parameters: {}, Retry: retry, End: true } } };
    const { run } = startDefinition(machine, {}, tasks, clock);
    // Delays: 60 s, 240 s, then 960 s capped to 600 s.
    for (const [skip, before, after] of [[50_000, 1, 1], [10_000, 1, 2], [240_000, 2, 3], [590_000, 3, 3], [10_000, 3, 4]] as const) {
      await sleepingOn(clock);
      expect(calls).toBe(before);
      await clock.advance(skip);
      await vi.waitFor(() => expect(calls).toBe(after));
    }
    expect(await run.outcome).toEqual({ status: 'SUCCEEDED', output: { ok: 4 } });
  });

  it('FULL jitter waits no longer than the computed delay', async () => {
    const clock = new StackClock();
    let calls = 0;
    const tasks = dispatcherFrom(() => {
      calls += 1;
      if (calls === 1) throw new StatesError('X', 'first');
      return null;
    });
    const retry = [{ ErrorEquals: ['X'], IntervalSeconds: 3600, JitterStrategy: 'FULL' }];
    const machine = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Parameters: {}, Retry: retry, End: true } } };
    const { run } = startDefinition(machine, {}, tasks, clock);
    await sleepingOn(clock);
    await clock.advance('1h');
    expect(await run.outcome).toEqual({ status: 'SUCCEEDED', output: null });
  });
});

describe('TimeoutSeconds on the stack clock', () => {
  const hangs = () =>
    dispatcherFrom(
      (invocation) =>
        new Promise((_, reject) => invocation.signal?.addEventListener('abort', () => reject(invocation.signal?.reason as Error), { once: true })),
    );

  it("a task's TimeoutSeconds fails it with States.Timeout once the clock passes it", async () => {
    const clock = new StackClock();
    const machine = { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Parameters: {}, TimeoutSeconds: 3600, End: true } } };
    const { run } = startDefinition(machine, {}, hangs(), clock);
    await sleepingOn(clock);
    await clock.advance('59m');
    expect(await settled(run.outcome)).toBe('running');
    await clock.advance('1m');
    expect(await settled(run.outcome)).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  it("the machine's TimeoutSeconds times the execution out during a long Wait", async () => {
    const clock = new StackClock();
    const { run } = startDefinition({ ...waitThenDone({ Seconds: DAY_S }), TimeoutSeconds: 3600 }, {}, dispatcherFrom(() => null), clock);
    await sleepingOn(clock);
    await clock.advance('1h');
    expect(await settled(run.outcome)).toMatchObject({ status: 'TIMED_OUT', error: 'States.Timeout' });
  });
});
