/**
 * The States language's intrinsic functions (`States.Format`, `States.JsonMerge`, …):
 * a small parser for the call syntax and the functions themselves.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Json } from './json.js';
import { isJsonObject, jsonEquals } from './json.js';
import type { PathScope } from './jsonPath.js';
import { readPath } from './jsonPath.js';
import { StatesError, StatesErrorName } from './statesError.js';

type Argument =
  | { kind: 'literal'; value: Json }
  | { kind: 'path'; path: string }
  | { kind: 'call'; name: string; args: Argument[] };

/** True when a `.$` field value is an intrinsic function call rather than a path. */
export function isIntrinsicCall(expression: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(expression.trim());
}

function fail(message: string): never {
  throw new StatesError(StatesErrorName.IntrinsicFailure, message);
}

/** Parses `States.Fn(arg, …)` into a call tree. */
export function parseIntrinsic(source: string): Argument {
  let pos = 0;
  const text = source.trim();
  const skipSpace = (): void => {
    while (pos < text.length && /\s/.test(text[pos])) pos += 1;
  };
  const parseArgument = (): Argument => {
    skipSpace();
    const ch = text[pos];
    if (ch === "'") {
      pos += 1;
      let value = '';
      while (pos < text.length && text[pos] !== "'") {
        if (text[pos] === '\\' && pos + 1 < text.length) {
          // Keep escapes of `{` `}` for States.Format, which reads them itself.
          const next = text[pos + 1];
          value += next === '{' || next === '}' ? `\\${next}` : next;
          pos += 2;
        } else {
          value += text[pos];
          pos += 1;
        }
      }
      if (text[pos] !== "'") fail(`Unterminated string in '${source}'`);
      pos += 1;
      return { kind: 'literal', value };
    }
    if (text.startsWith('States.', pos)) return parseCall();
    if (ch === '$') {
      const start = pos;
      let depth = 0;
      let quote: string | null = null;
      while (pos < text.length) {
        const c = text[pos];
        if (quote) {
          if (c === quote) quote = null;
        } else if (c === "'" || c === '"') quote = c;
        else if (c === '[' || c === '(') depth += 1;
        else if (c === ']' || c === ')') {
          if (depth === 0) break;
          depth -= 1;
        } else if (c === ',' && depth === 0) break;
        pos += 1;
      }
      return { kind: 'path', path: text.slice(start, pos).trim() };
    }
    const literal = /^(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null)/.exec(text.slice(pos));
    if (!literal) fail(`Unexpected '${text.slice(pos, pos + 10)}' in '${source}'`);
    pos += literal[0].length;
    return { kind: 'literal', value: JSON.parse(literal[0]) as Json };
  };
  const parseCall = (): Argument => {
    const match = /^States\.([A-Za-z0-9]+)\s*\(/.exec(text.slice(pos));
    if (!match) fail(`Expected an intrinsic function in '${source}'`);
    pos += match[0].length;
    const args: Argument[] = [];
    skipSpace();
    if (text[pos] === ')') {
      pos += 1;
      return { kind: 'call', name: match[1], args };
    }
    for (;;) {
      args.push(parseArgument());
      skipSpace();
      if (text[pos] === ',') {
        pos += 1;
        continue;
      }
      if (text[pos] === ')') {
        pos += 1;
        return { kind: 'call', name: match[1], args };
      }
      fail(`Expected ',' or ')' in '${source}'`);
    }
  };
  const tree = parseCall();
  skipSpace();
  if (pos !== text.length) fail(`Unexpected trailing text in '${source}'`);
  return tree;
}

/**
 * Calls an intrinsic function by name (`ArrayRange` for `States.ArrayRange`) with evaluated
 * arguments; JSONata's `$range`, `$partition` and `$hash` use it to share the argument checks.
 * @throws StatesError `States.IntrinsicFailure` on bad arguments or an unknown name.
 */
export function callIntrinsic(name: string, args: Json[]): Json {
  const fn = INTRINSICS[name];
  if (!fn) fail(`Unknown intrinsic function 'States.${name}'`);
  return fn(args);
}

const parsedCalls = new Map<string, Argument>();

function parseCached(source: string): Argument {
  let tree = parsedCalls.get(source);
  if (!tree) {
    tree = parseIntrinsic(source);
    parsedCalls.set(source, tree);
  }
  return tree;
}

/** Evaluates an intrinsic function call against the state's data, context and variables. */
export function evaluateIntrinsic(source: string, data: Json, scope: PathScope): Json {
  const evaluate = (argument: Argument): Json => {
    if (argument.kind === 'literal') return argument.value;
    if (argument.kind === 'path') return readPath(argument.path, data, scope);
    return callIntrinsic(argument.name, argument.args.map(evaluate));
  };
  return evaluate(parseCached(source));
}

function expectCount(name: string, args: Json[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    fail(`States.${name} expects ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`);
  }
}
function asString(name: string, value: Json): string {
  if (typeof value !== 'string') fail(`States.${name}: expected a string, got ${JSON.stringify(value)}`);
  return value;
}
function asArray(name: string, value: Json): Json[] {
  if (!Array.isArray(value)) fail(`States.${name}: expected an array, got ${JSON.stringify(value)}`);
  return value;
}
function asInteger(name: string, value: Json): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) fail(`States.${name}: expected an integer, got ${JSON.stringify(value)}`);
  return value;
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: 'md5', 'SHA-1': 'sha1', 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

function format(args: Json[]): Json {
  if (args.length < 1) fail('States.Format expects a template');
  const template = asString('Format', args[0]);
  let next = 1;
  const out = template.replace(/\\([{}\\])|\{\}/g, (match, escaped: string | undefined) => {
    if (escaped) return escaped;
    if (next >= args.length) fail('States.Format: more placeholders than arguments');
    const value = args[next];
    next += 1;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
  if (next !== args.length) fail('States.Format: more arguments than placeholders');
  return out;
}

/** Seeded PRNG (mulberry32) for `States.MathRandom` with a seed. */
function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

const INTRINSICS: Record<string, (args: Json[]) => Json> = {
  Format: format,
  StringToJson: (args) => {
    expectCount('StringToJson', args, 1);
    try {
      return JSON.parse(asString('StringToJson', args[0])) as Json;
    } catch {
      return fail(`States.StringToJson: not valid JSON: ${String(args[0])}`);
    }
  },
  JsonToString: (args) => {
    expectCount('JsonToString', args, 1);
    return JSON.stringify(args[0]);
  },
  Array: (args) => [...args],
  ArrayPartition: (args) => {
    expectCount('ArrayPartition', args, 2);
    const items = asArray('ArrayPartition', args[0]);
    const size = asInteger('ArrayPartition', args[1]);
    if (size <= 0) fail('States.ArrayPartition: chunk size must be positive');
    const chunks: Json[] = [];
    for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
    return chunks;
  },
  ArrayContains: (args) => {
    expectCount('ArrayContains', args, 2);
    return asArray('ArrayContains', args[0]).some((item) => jsonEquals(item, args[1]));
  },
  ArrayRange: (args) => {
    expectCount('ArrayRange', args, 3);
    const [start, end, step] = args.map((a) => asInteger('ArrayRange', a));
    if (step === 0) fail('States.ArrayRange: step must not be 0');
    const out: number[] = [];
    for (let v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.push(v);
      if (out.length > 1000) fail('States.ArrayRange: more than 1000 items');
    }
    return out;
  },
  ArrayGetItem: (args) => {
    expectCount('ArrayGetItem', args, 2);
    const items = asArray('ArrayGetItem', args[0]);
    const index = asInteger('ArrayGetItem', args[1]);
    if (index < 0 || index >= items.length) fail(`States.ArrayGetItem: index ${index} out of bounds`);
    return items[index];
  },
  ArrayLength: (args) => {
    expectCount('ArrayLength', args, 1);
    return asArray('ArrayLength', args[0]).length;
  },
  ArrayUnique: (args) => {
    expectCount('ArrayUnique', args, 1);
    const unique: Json[] = [];
    for (const item of asArray('ArrayUnique', args[0])) {
      if (!unique.some((seen) => jsonEquals(seen, item))) unique.push(item);
    }
    return unique;
  },
  Base64Encode: (args) => {
    expectCount('Base64Encode', args, 1);
    return Buffer.from(asString('Base64Encode', args[0]), 'utf8').toString('base64');
  },
  Base64Decode: (args) => {
    expectCount('Base64Decode', args, 1);
    return Buffer.from(asString('Base64Decode', args[0]), 'base64').toString('utf8');
  },
  Hash: (args) => {
    expectCount('Hash', args, 2);
    const algorithm = HASH_ALGORITHMS[asString('Hash', args[1])];
    if (!algorithm) fail(`States.Hash: unsupported algorithm ${String(args[1])}`);
    const data = typeof args[0] === 'string' ? args[0] : JSON.stringify(args[0]);
    return createHash(algorithm).update(data).digest('hex');
  },
  JsonMerge: (args) => {
    expectCount('JsonMerge', args, 3);
    const [left, right, deep] = args;
    if (!isJsonObject(left) || !isJsonObject(right)) fail('States.JsonMerge: expected two objects');
    if (deep !== false) fail('States.JsonMerge: only shallow merge (false) is supported, as on AWS');
    return { ...left, ...right };
  },
  MathRandom: (args) => {
    expectCount('MathRandom', args, 2, 3);
    const start = asInteger('MathRandom', args[0]);
    const end = asInteger('MathRandom', args[1]);
    const r = args.length === 3 ? seededRandom(asInteger('MathRandom', args[2])) : Math.random();
    return start + Math.floor(r * (end - start));
  },
  MathAdd: (args) => {
    expectCount('MathAdd', args, 2);
    return asInteger('MathAdd', args[0]) + asInteger('MathAdd', args[1]);
  },
  StringSplit: (args) => {
    expectCount('StringSplit', args, 2);
    const text = asString('StringSplit', args[0]);
    const delimiters = asString('StringSplit', args[1]);
    if (delimiters === '') return [text];
    const escaped = [...delimiters].map((c) => c.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&')).join('');
    return text.split(new RegExp(`[${escaped}]`)).filter((part) => part !== '');
  },
  UUID: (args) => {
    expectCount('UUID', args, 0);
    return randomUUID();
  },
};
