import { describe, expect, it } from 'vitest';
import type { Json } from '../../../local/stepfunctions/engine/json.js';
import { runDefinition } from './runDefinition.js';

const single = (state: object, queryLanguage = 'JSONPath') => ({ QueryLanguage: queryLanguage, StartAt: 'S', States: { S: { ...state, End: true } } });
const task = { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage' };
const map = { Type: 'Map', ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } };

describe('number fields (TimeoutSeconds, MaxConcurrency, Seconds) given by value, path or JSONata', () => {
  it('reads a *Path field from the input and a JSONata expression in JSONata', async () => {
    const { outcome, history } = await runDefinition(single({ ...task, TimeoutSecondsPath: '$.timeout' }), { timeout: 7 });
    expect(outcome.status).toBe('SUCCEEDED');
    expect(history.events.find((e) => e.type === 'TaskScheduled')?.taskScheduledEventDetails?.timeoutInSeconds).toBe(7);
    const waited = await runDefinition(single({ Type: 'Wait', Seconds: '{% $states.input.s %}' }, 'JSONata'), { s: 0 });
    expect(waited.outcome).toEqual({ status: 'SUCCEEDED', output: { s: 0 } });
    const mapped = await runDefinition(single({ ...map, ItemsPath: '$.items', MaxConcurrencyPath: '$.n' }), { items: [1, 2], n: 1 });
    expect(mapped.outcome).toEqual({ status: 'SUCCEEDED', output: [1, 2] });
  });

  it('fails with each state’s States.Runtime message on an invalid number', async () => {
    const cases: [object, string, Json][] = [
      [single({ ...task, TimeoutSecondsPath: '$.t' }), 'Invalid TimeoutSeconds 0', { t: 0 }],
      [single({ ...map, MaxConcurrency: '{% 1.5 %}' }, 'JSONata'), 'Invalid MaxConcurrency 1.5', []],
      [single({ Type: 'Wait', SecondsPath: '$.s' }), 'Invalid Wait seconds "x"', { s: 'x' }],
    ];
    for (const [definition, cause, input] of cases) {
      const { outcome } = await runDefinition(definition, input);
      expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.Runtime', cause });
    }
  });
});
