/**
 * JSONPath Choice rules: `Variable` with a comparison operator (`StringEquals`, `NumericLessThanPath`,
 * `IsPresent`, `StringMatches`, …) and the combinators `And`, `Or`, `Not`.
 */
import type { ChoiceRule } from './aslTypes.js';
import type { Json } from './json.js';
import type { PathScope } from './jsonPath.js';
import { queryPath, readPath } from './jsonPath.js';
import { StatesError, StatesErrorName } from './statesError.js';

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function matchesWildcard(value: string, pattern: string): boolean {
  let regex = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length) {
      regex += pattern[i + 1].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      i += 1;
    } else if (c === '*') regex += '.*';
    else regex += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${regex}$`, 's').test(value);
}

type Comparator = (left: Json, right: Json) => boolean;

const str = (f: (a: string, b: string) => boolean): Comparator => (a, b) => typeof a === 'string' && typeof b === 'string' && f(a, b);
const num = (f: (a: number, b: number) => boolean): Comparator => (a, b) => typeof a === 'number' && typeof b === 'number' && f(a, b);
const time = (f: (a: number, b: number) => boolean): Comparator => (a, b) =>
  typeof a === 'string' && typeof b === 'string' && TIMESTAMP.test(a) && TIMESTAMP.test(b) && f(Date.parse(a), Date.parse(b));

const COMPARATORS: Record<string, Comparator> = {
  StringEquals: str((a, b) => a === b),
  StringLessThan: str((a, b) => a < b),
  StringGreaterThan: str((a, b) => a > b),
  StringLessThanEquals: str((a, b) => a <= b),
  StringGreaterThanEquals: str((a, b) => a >= b),
  StringMatches: str(matchesWildcard),
  NumericEquals: num((a, b) => a === b),
  NumericLessThan: num((a, b) => a < b),
  NumericGreaterThan: num((a, b) => a > b),
  NumericLessThanEquals: num((a, b) => a <= b),
  NumericGreaterThanEquals: num((a, b) => a >= b),
  BooleanEquals: (a, b) => typeof a === 'boolean' && a === b,
  TimestampEquals: time((a, b) => a === b),
  TimestampLessThan: time((a, b) => a < b),
  TimestampGreaterThan: time((a, b) => a > b),
  TimestampLessThanEquals: time((a, b) => a <= b),
  TimestampGreaterThanEquals: time((a, b) => a >= b),
};

const TYPE_TESTS: Record<string, (value: Json) => boolean> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => typeof v === 'string' && TIMESTAMP.test(v),
};

/** Evaluates a JSONPath choice rule against the Choice state's effective input. */
export function evaluateChoiceRule(rule: ChoiceRule, data: Json, scope: PathScope): boolean {
  if (rule.And) return rule.And.every((r) => evaluateChoiceRule(r, data, scope));
  if (rule.Or) return rule.Or.some((r) => evaluateChoiceRule(r, data, scope));
  if (rule.Not) return !evaluateChoiceRule(rule.Not, data, scope);
  if (typeof rule.Variable !== 'string') throw new StatesError(StatesErrorName.Runtime, 'A choice rule has no Variable');
  const variable = rule.Variable;
  const lookup = (): { found: boolean; value: Json } => {
    if (variable.startsWith('$$') || /^\$[A-Za-z_]/.test(variable)) {
      try {
        return { found: true, value: readPath(variable, data, scope) };
      } catch {
        return { found: false, value: null };
      }
    }
    return queryPath(variable, data);
  };
  if ('IsPresent' in rule) return lookup().found === rule.IsPresent;
  const { found, value } = lookup();
  for (const [test, check] of Object.entries(TYPE_TESTS)) {
    if (test in rule) {
      if (!found) return false;
      return check(value) === rule[test];
    }
  }
  for (const [operator, compare] of Object.entries(COMPARATORS)) {
    const literal = rule[operator];
    const path = rule[`${operator}Path`];
    if (literal === undefined && path === undefined) continue;
    if (!found) {
      throw new StatesError(StatesErrorName.Runtime, `Invalid path '${variable}': The choice state's condition path references an invalid value.`);
    }
    const right = path !== undefined ? readPath(String(path), data, scope) : (literal as Json);
    return compare(value, right);
  }
  throw new StatesError(StatesErrorName.Runtime, `Unsupported choice rule ${JSON.stringify(rule)}`);
}
