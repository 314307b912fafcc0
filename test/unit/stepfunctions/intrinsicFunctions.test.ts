import { describe, expect, it } from 'vitest';
import { evaluateIntrinsic } from '../../../local/stepfunctions/engine/intrinsicFunctions.js';
import type { Json } from '../../../local/stepfunctions/engine/json.js';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';

const scope = { context: { Execution: { Id: 'exec-1' } }, variable: () => ({ found: false, value: null as Json }) };
const data = { name: 'Ann', n: 3, list: [1, 2, 2, 3], obj: { a: 1 }, other: { b: 2 }, json: '{"x":[1,2]}' };
const run = (expression: string) => evaluateIntrinsic(expression, data, scope);

describe('intrinsic functions', () => {
  it('States.Format fills placeholders, strings raw and other values as JSON, with escapes', () => {
    expect(run("States.Format('Hello {}, you have {} items {}', $.name, $.n, $.obj)")).toBe('Hello Ann, you have 3 items {"a":1}');
    expect(run("States.Format('braces \\{\\} and {}', $$.Execution.Id)")).toBe('braces {} and exec-1');
    expect(run("States.Format('it\\'s {}', $.name)")).toBe("it's Ann");
  });

  it('JSON and string functions', () => {
    expect(run('States.StringToJson($.json)')).toEqual({ x: [1, 2] });
    expect(run('States.JsonToString($.obj)')).toBe('{"a":1}');
    expect(run("States.StringSplit('a,b;;c', ',;')")).toEqual(['a', 'b', 'c']);
    expect(run("States.Base64Decode(States.Base64Encode('hé llo'))")).toBe('hé llo');
    expect(run("States.Hash('abc', 'SHA-256')")).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(run("States.Hash('abc', 'MD5')")).toBe('900150983cd24fb0d6963f7d28e17f72');
  });

  it('array functions', () => {
    expect(run("States.Array('a', 1, $.n, null)")).toEqual(['a', 1, 3, null]);
    expect(run('States.ArrayPartition($.list, 3)')).toEqual([[1, 2, 2], [3]]);
    expect(run('States.ArrayContains($.list, 2)')).toBe(true);
    expect(run('States.ArrayContains($.list, 9)')).toBe(false);
    expect(run('States.ArrayRange(1, 9, 3)')).toEqual([1, 4, 7]);
    expect(run('States.ArrayGetItem($.list, 3)')).toBe(3);
    expect(run('States.ArrayLength($.list)')).toBe(4);
    expect(run('States.ArrayUnique($.list)')).toEqual([1, 2, 3]);
  });

  it('object, math and id functions', () => {
    expect(run('States.JsonMerge($.obj, $.other, false)')).toEqual({ a: 1, b: 2 });
    expect(run('States.MathAdd($.n, -5)')).toBe(-2);
    const random = run('States.MathRandom(1, 10)') as number;
    expect(random).toBeGreaterThanOrEqual(1);
    expect(random).toBeLessThan(10);
    expect(run('States.MathRandom(1, 1000, 42)')).toBe(run('States.MathRandom(1, 1000, 42)'));
    expect(run('States.UUID()')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('nests calls', () => {
    expect(run("States.ArrayLength(States.StringSplit(States.Format('{}-{}', $.name, $.n), '-'))")).toBe(2);
  });

  it('fails with States.IntrinsicFailure on bad arguments or unknown functions', () => {
    for (const bad of ["States.Format('{} {}', $.n)", 'States.ArrayGetItem($.list, 9)', 'States.Nope()', "States.StringToJson('{bad')", 'States.MathAdd(1.5, 1)']) {
      try {
        run(bad);
        expect.unreachable(bad);
      } catch (error) {
        expect(error).toBeInstanceOf(StatesError);
        expect((error as StatesError).error).toBe('States.IntrinsicFailure');
      }
    }
  });
});
