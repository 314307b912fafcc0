/**
 * JSONPath as ASL uses it: `$` (the state's data), `$$` (the context object) and `$name`
 * (a workflow variable), evaluated with `jsonpath-plus`. A definite path (no wildcard, filter,
 * slice, union or descent) yields one value; any other path yields the array of matches.
 */
import { JSONPath } from 'jsonpath-plus';
import type { Json, JsonObject } from './json.js';
import { isJsonObject } from './json.js';
import { StatesError, StatesErrorName } from './statesError.js';

/** What a path may read besides the state's data. */
export interface PathScope {
  context: Json;
  variable(name: string): { found: boolean; value: Json };
}

const VARIABLE_PATH = /^\$([A-Za-z_][A-Za-z0-9_]*)(.*)$/s;

/** True when a path cannot select more than one node. */
export function isDefinitePath(path: string): boolean {
  return !/\*|\.\.|\?\(|\[[^\]]*[:,][^\]]*\]/.test(path);
}

/** Evaluates a JSONPath against a value; `found` is false when nothing matched. */
export function queryPath(path: string, root: Json): { found: boolean; value: Json } {
  if (path === '$') return { found: true, value: root };
  if (!path.startsWith('$')) throw new StatesError(StatesErrorName.Runtime, `Invalid path '${path}': paths must start with '$'`);
  if (root === null || typeof root !== 'object') return { found: false, value: null };
  let matches: Json[];
  try {
    matches = JSONPath({ path, json: root, wrap: true }) as Json[];
  } catch (error) {
    throw new StatesError(StatesErrorName.Runtime, `Invalid path '${path}': ${(error as Error).message}`);
  }
  if (isDefinitePath(path)) {
    return matches.length === 0 ? { found: false, value: null } : { found: true, value: matches[0] };
  }
  return { found: true, value: matches };
}

/**
 * Reads a path that may start with `$$` (context object), `$name` (variable) or `$` (data).
 * @throws StatesError `States.Runtime` when a definite path selects nothing.
 */
export function readPath(path: string, data: Json, scope: PathScope, fieldName?: string): Json {
  let result: { found: boolean; value: Json };
  if (path.startsWith('$$')) {
    result = queryPath(`$${path.slice(2)}`, scope.context);
  } else {
    const variable = VARIABLE_PATH.exec(path);
    if (variable) {
      const [, name, rest] = variable;
      const found = scope.variable(name);
      result = found.found ? queryPath(`$${rest}`, found.value) : found;
    } else {
      result = queryPath(path, data);
    }
  }
  if (!result.found) {
    const where = fieldName ? ` specified for the field '${fieldName}'` : '';
    throw new StatesError(
      StatesErrorName.Runtime,
      `The JSONPath '${path}'${where} could not be found in the input '${JSON.stringify(data)}'`,
    );
  }
  return result.value;
}

/** Splits a reference path (`$.a.b`, `$['a'][0]`) into its keys and indexes. */
export function parseReferencePath(path: string): (string | number)[] {
  if (!path.startsWith('$')) throw new StatesError(StatesErrorName.Runtime, `Invalid reference path '${path}'`);
  const segments: (string | number)[] = [];
  const pattern = /\.([^.[\]]+)|\[(\d+)\]|\['((?:[^'\\]|\\.)*)'\]|\["((?:[^"\\]|\\.)*)"\]/gy;
  let index = 1;
  pattern.lastIndex = 1;
  while (index < path.length) {
    pattern.lastIndex = index;
    const match = pattern.exec(path);
    if (!match) throw new StatesError(StatesErrorName.Runtime, `Invalid reference path '${path}'`);
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push((match[3] ?? match[4]).replace(/\\(.)/g, '$1'));
    index = pattern.lastIndex;
  }
  return segments;
}

/**
 * Returns a copy of `root` with `value` placed at a reference path, creating objects on the way
 * (ResultPath semantics). `$` replaces the whole value.
 */
export function writeReferencePath(root: Json, path: string, value: Json): Json {
  const segments = parseReferencePath(path);
  if (segments.length === 0) return value;
  const fail = (): never => {
    throw new StatesError(
      StatesErrorName.ResultPathMatchFailure,
      `Unable to apply ResultPath '${path}' to input '${JSON.stringify(root)}'`,
    );
  };
  const write = (node: Json, depth: number): Json => {
    const key = segments[depth];
    const last = depth === segments.length - 1;
    if (typeof key === 'number') {
      if (!Array.isArray(node) || key >= node.length) return fail();
      const copy = [...node];
      copy[key] = last ? value : write(copy[key], depth + 1);
      return copy;
    }
    if (node !== null && !isJsonObject(node)) return fail();
    const copy: JsonObject = { ...(node ?? {}) };
    copy[key] = last ? value : write(copy[key] ?? {}, depth + 1);
    return copy;
  };
  if (!isJsonObject(root) && !Array.isArray(root)) return fail();
  return write(root, 0);
}
