import { describe, expect, it } from 'vitest';
import { isDefinitePath, readPath, writeReferencePath } from '../../../local/stepfunctions/engine/jsonPath.js';
import type { PathScope } from '../../../local/stepfunctions/engine/jsonPath.js';
import { StatesError } from '../../../local/stepfunctions/engine/statesError.js';

const scope: PathScope = {
  context: { Execution: { Name: 'run-1' } },
  variable: (name) => (name === 'order' ? { found: true, value: { id: 7, items: [1, 2] } } : { found: false, value: null }),
};

describe('readPath', () => {
  const data = { a: { b: [10, 20, 30] }, list: [{ n: 1 }, { n: 2 }, { n: 3 }], 'odd key': true, nothing: null };

  it('reads definite paths as single values', () => {
    expect(readPath('$', data, scope)).toEqual(data);
    expect(readPath('$.a.b[1]', data, scope)).toBe(20);
    expect(readPath("$['odd key']", data, scope)).toBe(true);
    expect(readPath('$.nothing', data, scope)).toBeNull();
  });

  it('reads indefinite paths (wildcards, filters, slices) as arrays', () => {
    expect(readPath('$.list[*].n', data, scope)).toEqual([1, 2, 3]);
    expect(readPath('$.list[?(@.n > 1)].n', data, scope)).toEqual([2, 3]);
    expect(readPath('$.a.b[0:2]', data, scope)).toEqual([10, 20]);
    expect(readPath('$..n', data, scope)).toEqual([1, 2, 3]);
    expect(readPath('$.list[?(@.n > 5)]', data, scope)).toEqual([]);
  });

  it('reads the context object ($$) and variables ($name)', () => {
    expect(readPath('$$.Execution.Name', data, scope)).toBe('run-1');
    expect(readPath('$order.items[1]', data, scope)).toBe(2);
    expect(readPath('$order', data, scope)).toEqual({ id: 7, items: [1, 2] });
  });

  it('fails with States.Runtime when a definite path selects nothing', () => {
    expect(() => readPath('$.missing', data, scope, 'x.$')).toThrow(StatesError);
    try {
      readPath('$.missing', data, scope, 'x.$');
    } catch (error) {
      expect((error as StatesError).error).toBe('States.Runtime');
      expect((error as StatesError).causeText).toContain("'x.$'");
    }
    expect(() => readPath('$unknownVar', data, scope)).toThrow(StatesError);
  });

  it('tells definite from indefinite paths', () => {
    expect(isDefinitePath('$.a.b[0]')).toBe(true);
    expect(isDefinitePath("$['a']")).toBe(true);
    expect(isDefinitePath('$.a[*]')).toBe(false);
    expect(isDefinitePath('$..a')).toBe(false);
    expect(isDefinitePath('$.a[0,1]')).toBe(false);
  });
});

describe('writeReferencePath (ResultPath)', () => {
  it('replaces the whole input with $', () => {
    expect(writeReferencePath({ a: 1 }, '$', 'x')).toBe('x');
  });

  it('merges into a copy, creating missing objects', () => {
    const input = { a: { keep: true } };
    expect(writeReferencePath(input, '$.a.result', 5)).toEqual({ a: { keep: true, result: 5 } });
    expect(writeReferencePath(input, '$.new.deep', 5)).toEqual({ a: { keep: true }, new: { deep: 5 } });
    expect(input).toEqual({ a: { keep: true } });
  });

  it('writes into arrays and quoted keys', () => {
    expect(writeReferencePath({ list: [1, 2] }, '$.list[1]', 9)).toEqual({ list: [1, 9] });
    expect(writeReferencePath({}, "$['a b']", 1)).toEqual({ 'a b': 1 });
  });

  it('fails with States.ResultPathMatchFailure on a non-object input', () => {
    try {
      writeReferencePath('text', '$.x', 1);
      expect.unreachable();
    } catch (error) {
      expect((error as StatesError).error).toBe('States.ResultPathMatchFailure');
    }
  });
});
