/**
 * JSONata in ASL: any string field written `{% expression %}` is evaluated with the `jsonata`
 * package, with `$states` (`input`, `result`, `errorOutput`, `context`), the workflow variables
 * and Step Functions' extra functions (`$partition`, `$range`, `$hash`, `$random`, `$uuid`, `$parse`).
 *
 * Bounded, so that one expression cannot freeze the process: an evaluation may run
 * {@link JSONATA_LIMITS}`.timeoutMs` and nest {@link JSONATA_LIMITS}`.depth` levels (JSONata's own
 * guardrails, checked at every step), and regexes run on RE2 ({@link Re2RegExp}, linear time).
 * Past a limit the state fails with `States.QueryEvaluationError`. AWS documents no such limits
 * (read 2026-12-07); these are the kit's.
 */
import { randomUUID } from 'node:crypto';
import jsonata from 'jsonata';
import { callIntrinsic } from './intrinsicFunctions.js';
import { Re2RegExp } from './Re2RegExp.js';
import type { Json, JsonObject } from './json.js';
import { isJsonObject } from './json.js';
import { StatesError, StatesErrorName } from './statesError.js';

/** The reserved `$states` variable. */
export interface StatesBinding {
  input: Json;
  context: Json;
  result?: Json;
  errorOutput?: Json;
}

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** How long one evaluation may run and how deep it may nest (JSONata's `timeout` and `stack` options). */
export const JSONATA_LIMITS = { timeoutMs: 1_000, depth: 500 } as const;
const compiled = new Map<string, jsonata.Expression>();

function compile(source: string): jsonata.Expression {
  let expression = compiled.get(source);
  if (!expression) {
    try {
      expression = jsonata(source, {
        timeout: JSONATA_LIMITS.timeoutMs,
        stack: JSONATA_LIMITS.depth,
        RegexEngine: Re2RegExp as unknown as RegExpConstructor,
      } as Parameters<typeof jsonata>[1]);
    } catch (error) {
      throw new StatesError(StatesErrorName.QueryEvaluationError, `Invalid JSONata expression '${source}': ${(error as Error).message}`);
    }
    compiled.set(source, expression);
  }
  return expression;
}

const EXTRA_FUNCTIONS = {
  partition: (items: Json, size: Json) => callIntrinsic('ArrayPartition', [items, size]),
  range: (start: Json, end: Json, step: Json = 1) => callIntrinsic('ArrayRange', [start, end, step]),
  hash: (data: Json, algorithm: Json) => callIntrinsic('Hash', [data, algorithm]),
  random: () => Math.random(),
  uuid: () => randomUUID(),
  parse: (text: string) => JSON.parse(text) as unknown,
};

/** Converts a JSONata result (sequences, undefined) to plain JSON. */
function normalise(value: unknown): Json | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'function') return undefined;
  return JSON.parse(JSON.stringify(value)) as Json;
}

/** Evaluates one JSONata expression (without the `{% %}` delimiters). */
export async function evaluateJsonata(source: string, states: StatesBinding, variables: Record<string, Json>): Promise<Json | undefined> {
  const expression = compile(source);
  try {
    const value: unknown = await expression.evaluate({}, { ...EXTRA_FUNCTIONS, ...variables, states });
    return normalise(value);
  } catch (error) {
    // An extra function's own error (e.g. `$range` with step 0) keeps its name and cause.
    if (error instanceof StatesError) throw error;
    throw new StatesError(StatesErrorName.QueryEvaluationError, `An error occurred while evaluating the JSONata expression '${source.trim()}': ${(error as Error).message}`);
  }
}

/**
 * Evaluates a field that may hold `{% %}` expressions anywhere inside (objects and arrays are
 * walked). A top-level expression that yields nothing is an error, as on AWS; inside objects the
 * key is left out.
 */
export async function evaluateJsonataTemplate(
  template: Json,
  states: StatesBinding,
  variables: Record<string, Json>,
  fieldName: string,
): Promise<Json> {
  const walk = async (node: Json): Promise<Json | undefined> => {
    if (typeof node === 'string') {
      const match = EXPRESSION.exec(node.trim());
      return match ? evaluateJsonata(match[1], states, variables) : node;
    }
    if (Array.isArray(node)) {
      const items = await Promise.all(node.map(walk));
      return items.filter((item): item is Json => item !== undefined);
    }
    if (isJsonObject(node)) {
      const out: JsonObject = {};
      for (const [key, value] of Object.entries(node)) {
        const resolved = await walk(value);
        if (resolved !== undefined) out[key] = resolved;
      }
      return out;
    }
    return node;
  };
  const value = await walk(template);
  if (value === undefined) {
    throw new StatesError(StatesErrorName.QueryEvaluationError, `The JSONata expression for the field '${fieldName}' returned nothing`);
  }
  return value;
}
