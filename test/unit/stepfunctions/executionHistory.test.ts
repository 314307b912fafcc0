import { describe, expect, it } from 'vitest';
import type { Json } from '../../../local/stepfunctions/engine/json.js';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';
import { dispatcherFrom, runDefinition } from './runDefinition.js';

describe('execution history', () => {
  it('records a Lambda-ARN task and a service integration in the event types and details AWS uses', async () => {
    const tasks = dispatcherFrom((call): Json => (call.resource.includes(':function:') ? { text: 'hi' } : { Body: { ok: true } }));
    const { history } = await runDefinition(
      {
        StartAt: 'Fn',
        States: {
          Fn: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:000000000000:function:extract', Next: 'Model' },
          Model: { Type: 'Task', Resource: 'arn:aws:states:::bedrock:invokeModel', Parameters: { ModelId: 'm', 'Body.$': '$' }, End: true },
        },
      },
      { doc: 1 },
      tasks,
    );
    const events = history.events;
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events.map((e) => e.id)).toEqual(events.map((_, i) => i + 1));
    expect(events.map((e) => e.previousEventId)).toEqual(events.map((_, i) => i));
    expect(events.every((e) => e.timestamp instanceof Date)).toBe(true);
    expect(events[0].executionStartedEventDetails).toEqual({ input: '{"doc":1}', inputDetails: { truncated: false }, roleArn: 'arn:aws:iam::000000000000:role/test' });
    expect(events[1].stateEnteredEventDetails).toEqual({ name: 'Fn', input: '{"doc":1}', inputDetails: { truncated: false } });
    expect(events[2].lambdaFunctionScheduledEventDetails).toMatchObject({ resource: 'arn:aws:lambda:us-east-1:000000000000:function:extract', input: '{"doc":1}' });
    expect(events[7].taskScheduledEventDetails).toEqual({
      resourceType: 'bedrock',
      resource: 'invokeModel',
      region: 'us-east-1',
      parameters: '{"ModelId":"m","Body":{"text":"hi"}}',
    });
    expect(events[9].taskSucceededEventDetails).toEqual({ resourceType: 'bedrock', resource: 'invokeModel', output: '{"Body":{"ok":true}}', outputDetails: { truncated: false } });
    expect(events[11].executionSucceededEventDetails).toEqual({ output: '{"Body":{"ok":true}}', outputDetails: { truncated: false } });
  });

  it('records a failure with its error and cause, up to ExecutionFailed', async () => {
    const tasks = dispatcherFrom(() => {
      throw new StatesError('Lambda.Unknown', 'The cause');
    });
    const { history } = await runDefinition(
      { StartAt: 'Call', States: { Call: { Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', Parameters: { FunctionName: 'f' }, End: true } } },
      {},
      tasks,
    );
    const failed = history.events.find((e) => e.type === 'TaskFailed');
    expect(failed?.taskFailedEventDetails).toEqual({ resourceType: 'lambda', resource: 'invoke', error: 'Lambda.Unknown', cause: 'The cause' });
    expect(history.events.at(-1)).toMatchObject({ type: 'ExecutionFailed', executionFailedEventDetails: { error: 'Lambda.Unknown', cause: 'The cause' } });
  });

  it('links Parallel branch and Map iteration events to their own line of work', async () => {
    const { history } = await runDefinition(
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
              { StartAt: 'B', States: { B: { Type: 'Pass', End: true } } },
            ],
            Next: 'Each',
          },
          Each: { Type: 'Map', ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } }, End: true },
        },
      },
      {},
    );
    const byId = new Map(history.events.map((e) => [e.id, e]));
    const started = history.events.find((e) => e.type === 'ParallelStateStarted')!;
    const entered = history.events.filter((e) => e.type === 'PassStateEntered' && ['A', 'B'].includes(e.stateEnteredEventDetails!.name!));
    expect(entered.map((e) => e.previousEventId)).toEqual([started.id, started.id]);
    const mapStarted = history.events.find((e) => e.type === 'MapStateStarted')!;
    expect(mapStarted.mapStateStartedEventDetails).toEqual({ length: 2 });
    const iterations = history.events.filter((e) => e.type === 'MapIterationStarted');
    expect(iterations.map((e) => e.mapIterationStartedEventDetails)).toEqual([{ name: 'Each', index: 0 }, { name: 'Each', index: 1 }]);
    for (const iteration of iterations) expect(byId.get(iteration.previousEventId!)?.type).toBe('MapStateStarted');
  });
});
