/**
 * Validates an ASL definition with `asl-validator` and explains a failure in terms of the state
 * at fault (`State 'Analyse' (Task): unknown field 'Nextt'`), so the stack can say which state
 * and why at start and `CreateStateMachine` answers `InvalidDefinition` with the same message.
 *
 * asl-validator compiles its JSON schemas (ajv) at every call, about half a second here: a definition
 * found valid is remembered by the hash of its text and the validator's version, in this process
 * and in the kit's cache folder, so a start with unchanged state machines validates nothing again.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { contentKey, kitCacheDir, writeFileAtomically } from '../../cache/kitCache.js';
import type { StateMachineDefinition } from '../engine/aslTypes.js';
import { isJsonObject } from '../engine/json.js';
import type { Json, JsonObject } from '../engine/json.js';

interface ValidationResult {
  isValid: boolean;
  errors: { 'Error code': string; Message: string; schemaError?: { instancePath?: string } }[];
}

type AslValidator = (definition: unknown) => ValidationResult;

const require = createRequire(import.meta.url);
let aslValidator: AslValidator | undefined;
let aslValidatorVersion: string | undefined;
/** Keys of the definitions found valid in this process. */
const validKeys = new Set<string>();

/** asl-validator (CommonJS without type declarations), loaded on the first definition that is not known valid. */
function loadAslValidator(): AslValidator {
  aslValidator ??= require('asl-validator') as AslValidator;
  return aslValidator;
}

function validatorVersion(): string {
  aslValidatorVersion ??= (JSON.parse(readFileSync(require.resolve('asl-validator/package.json'), 'utf8')) as { version: string }).version;
  return aslValidatorVersion;
}

/** The cache file that says a definition is valid (undefined when caching is off), and its key. */
export function validMarker(definition: object): { key: string; file?: string } {
  const key = contentKey('asl-validator', validatorVersion(), JSON.stringify(definition));
  const dir = kitCacheDir();
  return { key, file: dir && join(dir, 'asl-valid', key) };
}

const COMMON = ['Type', 'Comment', 'QueryLanguage', 'Next', 'End', 'Assign', 'Output', 'InputPath', 'OutputPath'];
const IO = ['Parameters', 'ResultPath', 'ResultSelector', 'Retry', 'Catch', 'Arguments'];
const ALLOWED_FIELDS: Record<string, string[]> = {
  Pass: [...COMMON, 'Parameters', 'Result', 'ResultPath'],
  Task: [...COMMON, ...IO, 'Resource', 'TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath', 'Credentials'],
  Choice: ['Type', 'Comment', 'QueryLanguage', 'Choices', 'Default', 'InputPath', 'OutputPath', 'Assign', 'Output'],
  Wait: [...COMMON, 'Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'],
  Succeed: ['Type', 'Comment', 'QueryLanguage', 'InputPath', 'OutputPath', 'Output'],
  Fail: ['Type', 'Comment', 'QueryLanguage', 'Error', 'ErrorPath', 'Cause', 'CausePath'],
  Parallel: [...COMMON, ...IO, 'Branches'],
  Map: [
    ...COMMON, ...IO, 'ItemProcessor', 'Iterator', 'ItemsPath', 'Items', 'ItemSelector', 'MaxConcurrency', 'MaxConcurrencyPath',
    'ItemReader', 'ItemBatcher', 'ResultWriter', 'ToleratedFailurePercentage', 'ToleratedFailurePercentagePath',
    'ToleratedFailureCount', 'ToleratedFailureCountPath', 'Label',
  ],
};
const JSONPATH_ONLY = ['InputPath', 'OutputPath', 'Parameters', 'ResultPath', 'ResultSelector', 'Result', 'ItemsPath', 'SecondsPath', 'TimestampPath', 'ErrorPath', 'CausePath', 'TimeoutSecondsPath', 'HeartbeatSecondsPath', 'MaxConcurrencyPath'];
const JSONATA_ONLY = ['Arguments', 'Output', 'Items'];

const GENERIC_PROBLEM = 'it does not match the States language schema for its type';

/** Raised for a definition that is not valid ASL; `message` names the state and the reason. */
export class DefinitionError extends Error {
  override readonly name = 'DefinitionError';
}

/**
 * Parses (if text) and validates a definition.
 * @throws DefinitionError naming the state and what is wrong with it.
 */
export function validateDefinition(source: string | object): StateMachineDefinition {
  let definition: unknown = source;
  if (typeof source === 'string') {
    try {
      definition = JSON.parse(source);
    } catch (error) {
      throw new DefinitionError(`The definition is not valid JSON: ${(error as Error).message}`);
    }
  }
  if (!isJsonObject(definition as Json)) throw new DefinitionError('The definition must be a JSON object');
  const marker = validMarker(definition as object);
  if (validKeys.has(marker.key) || (marker.file && existsSync(marker.file))) {
    validKeys.add(marker.key);
    return definition as unknown as StateMachineDefinition;
  }
  // asl-validator writes QueryLanguage into the states it checks: give it a copy.
  const result = loadAslValidator()(structuredClone(definition));
  if (result.isValid) {
    validKeys.add(marker.key);
    if (marker.file) writeFileAtomically(marker.file, '').catch(() => {});
  } else {
    const significant = result.errors.filter((e) => e['Error code'] !== 'MISSING_TERMINAL_STATE');
    const reasons = (significant.length ? significant : result.errors).map((error) =>
      explain(definition as JsonObject, error).replace(/State machine fsm\d+/, 'The state machine'),
    );
    throw new DefinitionError([...new Set(reasons)].join('; '));
  }
  return definition as unknown as StateMachineDefinition;
}

function explain(definition: JsonObject, error: ValidationResult['errors'][number]): string {
  const path = error.schemaError?.instancePath;
  const target = /Missing 'StartAt'\|'Next'\|'Default' target: (.+)$/.exec(error.Message);
  if (target) {
    const from = findReferrers(definition, target[1]);
    return from.length
      ? `State ${from.map((s) => `'${s}'`).join(', ')}: the transition target '${target[1]}' does not exist`
      : `StartAt: the state '${target[1]}' does not exist`;
  }
  if (!path) return error.Message;
  const segments = path.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node: Json = definition;
  let stateName: string | undefined;
  let state: JsonObject | undefined;
  let language = (definition.QueryLanguage as string | undefined) ?? 'JSONPath';
  for (let i = 0; i < segments.length; i += 1) {
    node = Array.isArray(node) ? node[Number(segments[i])] : isJsonObject(node) ? node[segments[i]] : null;
    if (segments[i - 1] === 'States' && isJsonObject(node)) {
      stateName = segments[i];
      state = node;
      language = (node.QueryLanguage as string | undefined) ?? language;
    }
  }
  if (!stateName || !state) return `${path}: ${error.Message}`;
  const rest = segments.slice(segments.lastIndexOf(stateName) + 1).join('.');
  const problem = describeStateProblem(state, language);
  const detail =
    rest && problem === GENERIC_PROBLEM ? `the field '${rest}' is invalid (${error.Message.replace(/^.* is invalid\. /, '')})` : problem;
  return `State '${stateName}' (${String(state.Type)}): ${detail}`;
}

/** Why a state does not match any state schema. */
export function describeStateProblem(state: JsonObject, language: string): string {
  const type = String(state.Type);
  const allowed = ALLOWED_FIELDS[type];
  if (!allowed) return `unknown state Type '${type}' (Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map)`;
  const problems: string[] = [];
  const unknown = Object.keys(state).filter((key) => !allowed.includes(key));
  if (unknown.length) problems.push(`unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}`);
  const wrongLanguage = Object.keys(state).filter((key) => (language === 'JSONata' ? JSONPATH_ONLY : JSONATA_ONLY).includes(key));
  if (wrongLanguage.length) problems.push(`${wrongLanguage.map((k) => `'${k}'`).join(', ')} cannot be used in a ${language} state`);
  if (!['Choice', 'Succeed', 'Fail'].includes(type) && (state.Next === undefined) === (state.End === undefined)) {
    problems.push('it must have exactly one of "Next" or "End"');
  }
  if (type === 'Task' && typeof state.Resource !== 'string') problems.push('a Task needs a "Resource"');
  if (type === 'Parallel' && !Array.isArray(state.Branches)) problems.push('a Parallel state needs "Branches"');
  if (type === 'Choice' && !Array.isArray(state.Choices)) problems.push('a Choice state needs "Choices"');
  return problems.length ? problems.join('; ') : GENERIC_PROBLEM;
}

function findReferrers(node: Json, target: string): string[] {
  const found: string[] = [];
  const visit = (value: Json): void => {
    if (Array.isArray(value)) value.forEach(visit);
    if (!isJsonObject(value)) return;
    if (isJsonObject(value.States)) {
      for (const [name, state] of Object.entries(value.States)) {
        if (!isJsonObject(state)) continue;
        const rules = Array.isArray(state.Choices) ? state.Choices : [];
        const catchers = Array.isArray(state.Catch) ? state.Catch : [];
        const nexts = [state.Next, state.Default, ...rules.map((r) => (isJsonObject(r) ? r.Next : null)), ...catchers.map((c) => (isJsonObject(c) ? c.Next : null))];
        if (nexts.includes(target)) found.push(name);
      }
    }
    Object.values(value).forEach(visit);
  };
  visit(node);
  return found;
}
