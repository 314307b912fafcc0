import { describe, expect, it } from 'vitest';
import type { ChoiceRule } from '../../../local/stepfunctions/engine/aslTypes.js';
import { evaluateChoiceRule } from '../../../local/stepfunctions/engine/choiceRules.js';
import type { Json } from '../../../local/stepfunctions/engine/json.js';

const scope = { context: {}, variable: (name: string) => (name === 'limit' ? { found: true, value: 5 as Json } : { found: false, value: null as Json }) };
const data = { s: 'hello.txt', n: 4, b: true, t: '2024-01-02T03:04:05Z', z: null, other: 4 };
const check = (rule: ChoiceRule) => evaluateChoiceRule(rule, data, scope);

describe('JSONPath choice rules', () => {
  it('compares strings, numbers, booleans and timestamps, literal or by path', () => {
    expect(check({ Variable: '$.s', StringEquals: 'hello.txt' })).toBe(true);
    expect(check({ Variable: '$.s', StringMatches: '*.txt' })).toBe(true);
    expect(check({ Variable: '$.s', StringMatches: 'hello\\*' })).toBe(false);
    expect(check({ Variable: '$.n', NumericLessThan: 5 })).toBe(true);
    expect(check({ Variable: '$.n', NumericEqualsPath: '$.other' })).toBe(true);
    expect(check({ Variable: '$.n', NumericLessThanPath: '$limit' })).toBe(true);
    expect(check({ Variable: '$.b', BooleanEquals: true })).toBe(true);
    expect(check({ Variable: '$.t', TimestampGreaterThan: '2024-01-01T00:00:00Z' })).toBe(true);
    expect(check({ Variable: '$.s', NumericEquals: 4 })).toBe(false);
  });

  it('tests presence and types', () => {
    expect(check({ Variable: '$.missing', IsPresent: false })).toBe(true);
    expect(check({ Variable: '$.z', IsNull: true })).toBe(true);
    expect(check({ Variable: '$.t', IsTimestamp: true })).toBe(true);
    expect(check({ Variable: '$.n', IsString: false })).toBe(true);
    expect(check({ Variable: '$.missing', IsNumeric: true })).toBe(false);
  });

  it('combines with And, Or and Not', () => {
    expect(check({ And: [{ Variable: '$.n', NumericGreaterThan: 1 }, { Not: { Variable: '$.b', BooleanEquals: false } }] })).toBe(true);
    expect(check({ Or: [{ Variable: '$.n', NumericGreaterThan: 10 }, { Variable: '$.s', StringEquals: 'x' }] })).toBe(false);
  });

  it('fails with States.Runtime when a comparison reads a missing field', () => {
    expect(() => check({ Variable: '$.missing', StringEquals: 'x' })).toThrow(/invalid value/);
  });
});
