import { describe, expect, it } from 'vitest';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';
import { dispatcherFrom, runDefinition } from './runDefinition.js';

describe('JSONata states', () => {
  it('evaluates Arguments, Output and Assign with $states and variables', async () => {
    const tasks = dispatcherFrom((call) => ({ echoed: call.parameters }));
    const { outcome, history } = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Prepare',
        States: {
          Prepare: {
            Type: 'Pass',
            Assign: { total: '{% $sum($states.input.prices) %}', customer: '{% $states.input.customer %}' },
            Output: '{% $states.input.prices %}',
            Next: 'Call',
          },
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke',
            Arguments: { FunctionName: 'f', Payload: { count: '{% $count($states.input) %}', total: '{% $total %}', who: '{% $customer %}' } },
            Assign: { count: '{% $states.result.echoed.Payload.count %}' },
            Output: { result: '{% $states.result.echoed.Payload %}', execution: '{% $states.context.Execution.Name %}' },
            Next: 'Decide',
          },
          Decide: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $total > 100 %}', Next: 'Big', Output: { size: 'big', count: '{% $count %}' } }],
            Default: 'Small',
          },
          Big: { Type: 'Succeed' },
          Small: { Type: 'Succeed', Output: { size: 'small', count: '{% $count %}' } },
        },
      },
      { prices: [60, 70], customer: 'ann' },
      tasks,
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { size: 'big', count: 2 } });
    expect(tasks.calls[0].parameters).toEqual({ FunctionName: 'f', Payload: { count: 2, total: 130, who: 'ann' } });
    const exited = history.events.find((e) => e.type === 'PassStateExited');
    expect(exited?.stateExitedEventDetails?.assignedVariables).toEqual({ total: '130', customer: '"ann"' });
  });

  it('evaluates all Assign entries against the values before the state', async () => {
    const { outcome } = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'One',
        States: {
          One: { Type: 'Pass', Assign: { x: 1, y: 10 }, Next: 'Two' },
          Two: { Type: 'Pass', Assign: { x: '{% $y %}', y: '{% $x %}' }, Next: 'Three' },
          Three: { Type: 'Pass', Output: { x: '{% $x %}', y: '{% $y %}' }, End: true },
        },
      },
      {},
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { x: 10, y: 1 } });
  });

  it('keeps variables assigned in a Map iteration inside it and reads outer ones', async () => {
    const { outcome } = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Init',
        States: {
          Init: { Type: 'Pass', Assign: { factor: 3 }, Next: 'Each' },
          Each: {
            Type: 'Map',
            Items: '{% $states.input.values %}',
            ItemSelector: { value: '{% $states.context.Map.Item.Value %}', index: '{% $states.context.Map.Item.Index %}' },
            MaxConcurrency: 1,
            ItemProcessor: {
              StartAt: 'Scale',
              States: {
                Scale: { Type: 'Pass', Assign: { factor: 100 }, Output: '{% $states.input.value * $factor + $states.input.index %}', End: true },
              },
            },
            Output: { results: '{% $states.result %}', factor: '{% $factor %}' },
            End: true,
          },
        },
      },
      { values: [1, 2, 3] },
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { results: [3, 7, 11], factor: 3 } });
  });

  it('offers Step Functions’ extra functions ($partition, $range, $hash, $parse, $uuid)', async () => {
    const { outcome } = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Fns',
        States: {
          Fns: {
            Type: 'Pass',
            Output: {
              parts: '{% $partition([1,2,3,4,5], 2) %}',
              range: '{% $range(0, 6, 2) %}',
              hash: "{% $hash('abc', 'SHA-256') %}",
              parsed: '{% $parse(\'{"a": 1}\').a %}',
              uuid: '{% $length($uuid()) %}',
            },
            End: true,
          },
        },
      },
      {},
    );
    expect(outcome).toEqual({
      status: 'SUCCEEDED',
      output: {
        parts: [[1, 2], [3, 4], [5]],
        range: [0, 2, 4, 6],
        hash: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
        parsed: 1,
        uuid: 36,
      },
    });
  });

  it('catches with $states.errorOutput and a Catch Output/Assign', async () => {
    const tasks = dispatcherFrom(() => {
      throw new StatesError('Bedrock.ValidationException', 'bad body');
    });
    const { outcome } = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Call',
        States: {
          Call: {
            Type: 'Task',
            Resource: 'arn:aws:states:::bedrock:invokeModel',
            Arguments: { ModelId: 'm', Body: {} },
            Catch: [{ ErrorEquals: ['States.ALL'], Assign: { failed: '{% $states.errorOutput.Error %}' }, Output: { input: '{% $states.input %}' }, Next: 'After' }],
            End: true,
          },
          After: { Type: 'Pass', Output: { failed: '{% $failed %}', input: '{% $states.input.input %}' }, End: true },
        },
      },
      { doc: 1 },
      tasks,
    );
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: { failed: 'Bedrock.ValidationException', input: { doc: 1 } } });
  });

  it.each([
    ['$range(1, 5, 0)', 'step must not be 0'],
    ['$range(5, 1, 0)', 'step must not be 0'],
    ['$partition([1, 2, 3], 0)', 'chunk size must be positive'],
  ])('fails %s with the intrinsic function error instead of looping', async (expression, cause) => {
    const { outcome } = await runDefinition({ QueryLanguage: 'JSONata', StartAt: 'Bad', States: { Bad: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } } }, {});
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.IntrinsicFailure', cause: expect.stringContaining(cause) as unknown });
  });

  it('fails with States.QueryEvaluationError on an expression that cannot run', async () => {
    const { outcome } = await runDefinition(
      { QueryLanguage: 'JSONata', StartAt: 'Bad', States: { Bad: { Type: 'Pass', Output: '{% $number("x") + $nope() %}', End: true } } },
      {},
    );
    expect(outcome.status).toBe('FAILED');
    expect(outcome.status === 'FAILED' && outcome.error).toBe('States.QueryEvaluationError');
  });
});
