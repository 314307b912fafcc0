/**
 * JSONata in state machines is bounded: a runaway expression fails its state with
 * `States.QueryEvaluationError` after JSONATA_LIMITS.timeoutMs, and regexes run on RE2 (linear
 * time). Before these bounds each case below ran for hours and blocked the whole process.
 */
import { describe, expect, it } from 'vitest';
import { evaluateJsonata } from '../../../local/stepfunctions/engine/jsonataEvaluator.js';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';

const states = { input: {}, context: {} };

async function failureOf(expression: string): Promise<StatesError> {
  const error = await evaluateJsonata(expression, states, {}).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof StatesError)) throw new Error(`expected a StatesError, got ${String(error)}`);
  return error;
}

describe('JSONata limits', () => {
  it('ends an exponential recursion with States.QueryEvaluationError', async () => {
    const error = await failureOf('($f := function($n){ $n <= 1 ? 1 : $f($n-1) + $f($n-2) }; $f(40))');
    expect(error.error).toBe('States.QueryEvaluationError');
    expect(error.causeText).toMatch(/timeout/i);
  });

  it('ends an endless recursion with States.QueryEvaluationError', async () => {
    const error = await failureOf('($f := function($n){ $f($n+1) }; $f(0))');
    expect(error.error).toBe('States.QueryEvaluationError');
  });

  it('runs a catastrophic regex in linear time and keeps regex functions working', async () => {
    expect(await evaluateJsonata(`$match("${'a'.repeat(5_000)}!", /(a+)+$/)`, states, {})).toBeUndefined();
    expect(await evaluateJsonata('$match("abcABC", /b/i).match', states, {})).toEqual(['b', 'B']);
    expect(await evaluateJsonata('$replace("a1b2", /\\d/, "#")', states, {})).toBe('a#b#');
    expect(await evaluateJsonata('$split("a,b,,c", /,/)', states, {})).toEqual(['a', 'b', '', 'c']);
    expect(await evaluateJsonata('$contains("Hello", /^h/i)', states, {})).toBe(true);
  });
});
