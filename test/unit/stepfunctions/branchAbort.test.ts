import { describe, expect, it } from 'vitest';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';
import type { TaskInvocation } from '../../../local/stepfunctions/engine/taskDispatcher.js';
import { dispatcherFrom, runDefinition } from './runDefinition.js';

/**
 * A dispatcher where `slow` calls never answer (until aborted) and `fast` calls fail with Boom
 * once a slow call is in flight, so the failure always lands while a sibling is running.
 */
function fastFailsWhileSlowRuns() {
  let slowStarted: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (slowStarted = resolve));
  return dispatcherFrom(async (call: TaskInvocation) => {
    if (call.resource.endsWith('slow')) {
      slowStarted();
      return new Promise(() => undefined);
    }
    await started;
    throw new StatesError('Boom', 'fast branch failed');
  });
}

const task = (name: string, extra: object = {}) => ({ Type: 'Task', Resource: `arn:aws:lambda:us-east-1:000000000000:function:${name}`, ...extra });

/** Lets anything still queued record its events before the history is read. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

const types = (events: HistoryEvent[]) => events.map((e) => e.type);

describe('a failing Parallel branch or Map iteration', () => {
  it('stops its siblings without them catching its error, and fails the execution last', async () => {
    const { outcome, history } = await runDefinition(
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            End: true,
            Branches: [
              { StartAt: 'Fast', States: { Fast: task('fast', { End: true }) } },
              {
                StartAt: 'Slow',
                States: {
                  Slow: task('slow', { Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 3 }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true }),
                  Caught: { Type: 'Pass', End: true },
                },
              },
            ],
          },
        },
      },
      {},
      fastFailsWhileSlowRuns(),
    );
    await settle();
    expect(outcome).toEqual({ status: 'FAILED', error: 'Boom', cause: 'fast branch failed' });
    const failed = history.events.filter((e) => e.type === 'LambdaFunctionFailed');
    expect(failed.map((e) => e.lambdaFunctionFailedEventDetails?.error)).toEqual(['Boom']);
    expect(types(history.events)).not.toContain('PassStateEntered');
    expect(types(history.events).filter((t) => t === 'LambdaFunctionScheduled')).toHaveLength(2);
    expect(types(history.events).slice(-2)).toEqual(['ParallelStateFailed', 'ExecutionFailed']);
  });

  it('records stopped Map iterations as MapIterationAborted', async () => {
    const { outcome, history } = await runDefinition(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            End: true,
            ItemProcessor: {
              StartAt: 'Route',
              States: {
                Route: { Type: 'Choice', Choices: [{ Variable: '$', StringEquals: 'slow', Next: 'Slow' }], Default: 'Fast' },
                Slow: task('slow', { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true }),
                Fast: task('fast', { End: true }),
                Caught: { Type: 'Pass', End: true },
              },
            },
          },
        },
      },
      ['slow', 'fast'],
      fastFailsWhileSlowRuns(),
    );
    await settle();
    expect(outcome.status === 'FAILED' && outcome.error).toBe('Boom');
    const iterationEvents = history.events
      .filter((e) => e.type === 'MapIterationAborted' || e.type === 'MapIterationFailed')
      .map((e) => [e.type, (e.mapIterationAbortedEventDetails ?? e.mapIterationFailedEventDetails)?.index]);
    expect(iterationEvents).toEqual([
      ['MapIterationFailed', 1],
      ['MapIterationAborted', 0],
    ]);
    expect(types(history.events)).not.toContain('PassStateEntered');
    expect(types(history.events).slice(-2)).toEqual(['MapStateFailed', 'ExecutionFailed']);
  });
});
