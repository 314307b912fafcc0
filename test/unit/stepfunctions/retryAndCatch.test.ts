import { describe, expect, it } from 'vitest';
import { findRetrier, retryDelaySeconds } from '../../../local/stepfunctions/engine/retryPolicy.js';
import { errorMatches, StatesError } from '../../../local/stepfunctions/engine/statesError.js';
import { dispatcherFrom, runDefinition } from './runDefinition.js';

describe('error matching', () => {
  it('applies the States.ALL and States.TaskFailed wildcards as AWS does', () => {
    expect(errorMatches(['States.ALL'], 'Lambda.Unknown')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Timeout')).toBe(true);
    expect(errorMatches(['States.ALL'], 'States.Runtime')).toBe(false);
    expect(errorMatches(['States.TaskFailed'], 'Bedrock.ThrottlingException')).toBe(true);
    expect(errorMatches(['States.TaskFailed'], 'States.Timeout')).toBe(false);
    expect(errorMatches(['A', 'B'], 'B')).toBe(true);
    expect(errorMatches(['A'], 'B')).toBe(false);
  });

  it('computes backoff delays with MaxDelaySeconds, and FULL jitter below them', () => {
    const retrier = { ErrorEquals: ['X'], IntervalSeconds: 2, BackoffRate: 3, MaxAttempts: 4, MaxDelaySeconds: 10 };
    expect([0, 1, 2, 3, 4].map((n) => retryDelaySeconds(retrier, n))).toEqual([2, 6, 10, 10, undefined]);
    expect(retryDelaySeconds({ ErrorEquals: ['X'] }, 0)).toBe(1);
    expect(retryDelaySeconds({ ErrorEquals: ['X'] }, 3)).toBeUndefined();
    expect(retryDelaySeconds({ ...retrier, JitterStrategy: 'FULL' }, 1, () => 0.5)).toBe(3);
    expect(findRetrier([{ ErrorEquals: ['A'] }, { ErrorEquals: ['States.ALL'] }], 'B')).toBe(1);
  });
});

function failingTimes(count: number, error = 'Bedrock.ThrottlingException') {
  let calls = 0;
  return dispatcherFrom(() => {
    calls += 1;
    if (calls <= count) throw new StatesError(error, `attempt ${calls} failed`);
    return { ok: calls };
  });
}

const retryingTask = (retry: object[], catchers: object[] = []) => ({
  StartAt: 'Call',
  States: {
    Call: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Parameters: { ModelId: 'm' }, Retry: retry, Catch: catchers, ResultPath: '$.result', End: true },
    Caught: { Type: 'Pass', End: true },
  },
});

describe('Retry and Catch in the engine', () => {
  it('retries a matching error up to MaxAttempts and then succeeds', async () => {
    const tasks = failingTimes(2);
    const { outcome, history } = await runDefinition(retryingTask([{ ErrorEquals: ['Bedrock.ThrottlingException'], MaxAttempts: 2 }]), { in: 1 }, tasks);
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { in: 1, result: { ok: 3 } } });
    expect(tasks.calls).toHaveLength(3);
    expect(history.events.filter((e) => e.type === 'TaskFailed').map((e) => e.taskFailedEventDetails?.error)).toEqual([
      'Bedrock.ThrottlingException',
      'Bedrock.ThrottlingException',
    ]);
    expect(history.events.filter((e) => e.type === 'TaskStateEntered')).toHaveLength(1);
  });

  it('gives up after MaxAttempts and fails the execution with the error and cause', async () => {
    const tasks = failingTimes(10);
    const { outcome } = await runDefinition(retryingTask([{ ErrorEquals: ['States.ALL'], MaxAttempts: 1 }]), {}, tasks);
    expect(outcome).toEqual({ status: 'FAILED', error: 'Bedrock.ThrottlingException', cause: 'attempt 2 failed' });
    expect(tasks.calls).toHaveLength(2);
  });

  it('does not retry with MaxAttempts 0, and counts attempts per retrier', async () => {
    const tasks = failingTimes(10, 'Other');
    await runDefinition(retryingTask([{ ErrorEquals: ['Other'], MaxAttempts: 0 }]), {}, tasks);
    expect(tasks.calls).toHaveLength(1);
  });

  it('catches after retries, putting {Error, Cause} at the catcher ResultPath of the raw input', async () => {
    const tasks = failingTimes(10);
    const { outcome, history } = await runDefinition(
      retryingTask([{ ErrorEquals: ['Bedrock.ThrottlingException'], MaxAttempts: 1 }], [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Caught' }]),
      { doc: 'x' },
      tasks,
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { doc: 'x', error: { Error: 'Bedrock.ThrottlingException', Cause: 'attempt 2 failed' } } });
    expect(history.events.map((e) => e.type)).toContain('PassStateEntered');
  });

  it('never catches States.Runtime with States.ALL', async () => {
    const { outcome } = await runDefinition(
      {
        StartAt: 'Bad',
        States: {
          Bad: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Parameters: { 'x.$': '$.missing' }, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
          Caught: { Type: 'Pass', End: true },
        },
      },
      {},
    );
    expect(outcome.status === 'FAILED' && outcome.error).toBe('States.Runtime');
  });

  it('fails a Parallel state with a branch error, which its Catch can handle', async () => {
    const tasks = dispatcherFrom(() => {
      throw new StatesError('Boom', 'branch 2');
    });
    const { outcome, history } = await runDefinition(
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Ok', States: { Ok: { Type: 'Pass', End: true } } },
              { StartAt: 'Fails', States: { Fails: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } } },
            ],
            Catch: [{ ErrorEquals: ['Boom'], ResultPath: '$.failure', Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Pass', End: true },
        },
      },
      {},
      tasks,
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { failure: { Error: 'Boom', Cause: 'branch 2' } } });
    expect(history.events.map((e) => e.type)).toContain('ParallelStateFailed');
  });

  it('times a task out with States.Timeout (TimeoutSeconds)', async () => {
    const tasks = dispatcherFrom(() => new Promise(() => undefined));
    const { outcome, history } = await runDefinition(
      { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:slow', TimeoutSeconds: 1, End: true } } },
      {},
      tasks,
    );
    expect(outcome.status === 'FAILED' && outcome.error).toBe('States.Timeout');
    expect(history.events.map((e) => e.type)).toContain('LambdaFunctionTimedOut');
  });

  it('raises States.NoChoiceMatched without a Default, and a Fail state error', async () => {
    const noMatch = await runDefinition({ StartAt: 'C', States: { C: { Type: 'Choice', Choices: [{ Variable: '$.n', NumericEquals: 1, Next: 'C' }] } } }, { n: 2 });
    expect(noMatch.outcome.status === 'FAILED' && noMatch.outcome.error).toBe('States.NoChoiceMatched');
    const fail = await runDefinition({ StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.code', CausePath: "States.Format('bad {}', $.n)" } } }, { code: 'E42', n: 2 });
    expect(fail.outcome).toEqual({ status: 'FAILED', error: 'E42', cause: 'bad 2' });
  });
});
