/**
 * Checks an operation's input against a botocore service model: required members, JSON types,
 * string/list/map/blob lengths (`min`/`max`), number ranges, enums, patterns and unions (exactly one
 * member set), nested to any depth. Every shape is compiled once, at construction, so a model
 * this code cannot read fails when the validator is built (the model-walking test), not on a
 * request.
 *
 * Answers as Coral does for AWS's JSON protocols: a member of the wrong JSON type stops at the
 * first one ({@link ModelTypeMismatch}, AWS's `SerializationException`); constraint violations are
 * all collected ({@link ModelConstraintViolation}, AWS's `ValidationException` text). `null`
 * counts as absent; members the model does not know are ignored, as AWS ignores them.
 *
 * @example
 * const validator = ModelValidator.forService('stepfunctions');
 * validator.assertValid('StartExecution', { stateMachineArn: 'arn:…', name: 'x'.repeat(81) });
 * // throws ModelConstraintViolation: 1 validation error detected: Value 'xxx…' at 'name' failed …
 */
import { compilePattern } from './compilePattern.js';
import { ModelConstraintViolation, ModelTypeMismatch } from './errors.js';
import { loadServiceModel, type ModelShape, type ServiceModel, type ServiceModelName, type ShapeRef } from './serviceModel.js';
import type { Violation } from './violations.js';

interface CompiledShape {
  name: string;
  shape: ModelShape;
  regex?: RegExp;
  enumValues?: ReadonlySet<string>;
}

/** What a model's operations' inputs are checked for, counted by the model-walking test. */
export interface ValidatorCoverage {
  operations: number;
  /** Constraints reachable from the operations' inputs (required members, min, max, enum, pattern, union). */
  constraints: number;
  patterns: number;
  /** Patterns compiled only after translating Java escapes. */
  translatedPatterns: string[];
  /** Patterns skipped because JavaScript cannot compile them: `shape: reason`. */
  uncompilablePatterns: string[];
}

const validators = new Map<ServiceModelName, ModelValidator>();

export class ModelValidator {
  private readonly compiled = new Map<string, CompiledShape>();
  private readonly translated: string[] = [];
  private readonly uncompilable: string[] = [];

  constructor(readonly model: ServiceModel) {
    for (const name of Object.keys(model.shapes)) this.compileShape(name);
    for (const [name, operation] of Object.entries(model.operations)) {
      if (operation.input && !this.compiled.has(operation.input.shape)) throw new Error(`operation ${name}: unknown input shape ${operation.input.shape}`);
    }
  }

  /** One validator per shipped model, per process. */
  static forService(name: ServiceModelName): ModelValidator {
    let validator = validators.get(name);
    if (!validator) {
      validator = new ModelValidator(loadServiceModel(name));
      validators.set(name, validator);
    }
    return validator;
  }

  /** Throws {@link ModelTypeMismatch} or {@link ModelConstraintViolation}; returns when the input is valid. */
  assertValid(operation: string, input: Record<string, unknown>): void {
    const violations = this.violations(operation, input);
    if (violations.length) throw new ModelConstraintViolation(violations);
  }

  /** Every constraint the input breaks (throws {@link ModelTypeMismatch} on a wrongly typed member). */
  violations(operation: string, input: Record<string, unknown>): Violation[] {
    const ref = this.model.operations[operation]?.input;
    if (!ref) return [];
    const violations: Violation[] = [];
    this.check(ref, input, '', false, violations);
    return violations;
  }

  coverage(): ValidatorCoverage {
    const reachable = new Set<string>();
    const visit = (name: string): void => {
      if (reachable.has(name)) return;
      reachable.add(name);
      const shape = this.model.shapes[name];
      for (const ref of childRefs(shape)) visit(ref.shape);
    };
    let operations = 0;
    for (const operation of Object.values(this.model.operations)) {
      operations += 1;
      if (operation.input) visit(operation.input.shape);
    }
    let constraints = 0;
    let patterns = 0;
    for (const name of reachable) {
      const shape = this.model.shapes[name];
      if (!shape) continue;
      constraints += (shape.required?.length ?? 0) + Number(shape.min !== undefined) + Number(shape.max !== undefined);
      constraints += Number(Boolean(shape.enum)) + Number(Boolean(shape.pattern)) + Number(Boolean(shape.union));
      patterns += Number(Boolean(shape.pattern));
    }
    return { operations, constraints, patterns, translatedPatterns: [...this.translated], uncompilablePatterns: [...this.uncompilable] };
  }

  private compileShape(name: string): void {
    const shape = this.model.shapes[name];
    if (!shape) throw new Error(`unknown shape ${name}`);
    const compiledShape: CompiledShape = { name, shape };
    if (shape.pattern) {
      const pattern = compilePattern(shape.pattern);
      if (pattern.ok) {
        compiledShape.regex = pattern.regex;
        if (pattern.translated) this.translated.push(`${name}: ${shape.pattern}`);
      } else {
        this.uncompilable.push(`${name}: ${pattern.reason}`);
      }
    }
    if (shape.enum) compiledShape.enumValues = new Set(shape.enum);
    for (const ref of childRefs(shape)) {
      if (!this.model.shapes[ref.shape]) throw new Error(`shape ${name}: unknown member shape ${ref.shape}`);
    }
    this.compiled.set(name, compiledShape);
  }

  private check(ref: ShapeRef, value: unknown, path: string, parentSensitive: boolean, out: Violation[]): void {
    const compiledShape = this.compiled.get(ref.shape) as CompiledShape;
    const { shape } = compiledShape;
    const sensitive = parentSensitive || Boolean(ref.sensitive || shape.sensitive);
    if (!matchesType(shape, ref, value)) throw new ModelTypeMismatch(path, mismatchMessage(shape, value, path));
    const fail = (constraint: string): void => {
      out.push({ path, value, sensitive, constraint });
    };
    switch (shape.type) {
      case 'structure':
        if (shape.document) return;
        this.checkStructure(compiledShape, value as Record<string, unknown>, path, sensitive, out);
        return;
      case 'list': {
        const items = value as unknown[];
        checkLength(shape, items.length, fail);
        items.forEach((item, index) => {
          if (item !== null) this.check(shape.member as ShapeRef, item, join(path, `${index + 1}.member`), sensitive, out);
        });
        return;
      }
      case 'map': {
        const entries = Object.entries(value as Record<string, unknown>);
        checkLength(shape, entries.length, fail);
        for (const [key, item] of entries) {
          this.check(shape.key as ShapeRef, key, join(path, `${key}.key`), sensitive, out);
          if (item !== null) this.check(shape.value as ShapeRef, item, join(path, `${key}.value`), sensitive, out);
        }
        return;
      }
      case 'string': {
        if (ref.jsonvalue) return;
        const text = value as string;
        checkLength(shape, text.length, fail);
        if (compiledShape.enumValues && !compiledShape.enumValues.has(text)) fail(`Member must satisfy enum value set: [${shape.enum?.join(', ')}]`);
        if (compiledShape.regex && !compiledShape.regex.test(text)) fail(`Member must satisfy regular expression pattern: ${shape.pattern}`);
        return;
      }
      case 'blob':
        checkLength(shape, value instanceof Uint8Array ? value.byteLength : Buffer.byteLength(value as string, 'base64'), fail);
        return;
      case 'integer':
      case 'long':
      case 'float':
      case 'double':
        if (typeof value === 'number') checkRange(shape, value, fail);
        return;
      default:
        return;
    }
  }

  private checkStructure(compiledShape: CompiledShape, value: Record<string, unknown>, path: string, sensitive: boolean, out: Violation[]): void {
    const { shape } = compiledShape;
    const members = shape.members ?? {};
    const required = new Set(shape.required ?? []);
    let setMembers = 0;
    for (const [member, ref] of Object.entries(members)) {
      const memberPath = join(path, wireName(member, ref));
      const item = Object.hasOwn(value, wireName(member, ref)) ? value[wireName(member, ref)] : undefined;
      if (item === undefined || item === null) {
        if (required.has(member)) out.push({ path: memberPath, value: undefined, sensitive, constraint: 'Member must not be null' });
        continue;
      }
      setMembers += 1;
      this.check(ref, item, memberPath, sensitive, out);
    }
    if (shape.union && setMembers !== 1) {
      // Wording not confirmed against AWS (2026-12-07): Coral's own text for unions was not found.
      out.push({ path: path || compiledShape.name, value, sensitive, constraint: 'Exactly one member must be set' });
    }
  }
}

function childRefs(shape: ModelShape | undefined): ShapeRef[] {
  if (!shape) return [];
  if (shape.type === 'structure') return Object.values(shape.members ?? {});
  if (shape.type === 'list') return shape.member ? [shape.member] : [];
  if (shape.type === 'map') return [shape.key, shape.value].filter((ref): ref is ShapeRef => Boolean(ref));
  return [];
}

/** The member's name on the wire (JSON protocols use the member name; `locationName` when it differs). */
function wireName(member: string, ref: ShapeRef): string {
  return ref.location ? member : (ref.locationName ?? member);
}

function join(path: string, segment: string): string {
  return path ? `${path}.${segment}` : segment;
}

function checkLength(shape: ModelShape, length: number, fail: (constraint: string) => void): void {
  if (shape.min !== undefined && length < shape.min) fail(`Member must have length greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && length > shape.max) fail(`Member must have length less than or equal to ${shape.max}`);
}

function checkRange(shape: ModelShape, value: number, fail: (constraint: string) => void): void {
  if (shape.min !== undefined && value < shape.min) fail(`Member must have value greater than or equal to ${shape.min}`);
  if (shape.max !== undefined && value > shape.max) fail(`Member must have value less than or equal to ${shape.max}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function matchesType(shape: ModelShape, ref: ShapeRef, value: unknown): boolean {
  switch (shape.type) {
    case 'structure':
      return shape.document === true || isPlainObject(value);
    case 'map':
      return isPlainObject(value);
    case 'list':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string' || (ref.jsonvalue === true && value !== undefined);
    case 'blob':
      // base64 in JSON bodies; raw bytes where a service hands over a payload it read itself.
      return typeof value === 'string' || value instanceof Uint8Array;
    case 'boolean':
      return typeof value === 'boolean';
    case 'timestamp':
      return typeof value === 'number' || typeof value === 'string';
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
    case 'bigdecimal':
    case 'biginteger':
      return typeof value === 'number' && (Number.isFinite(value) || shape.type === 'float' || shape.type === 'double');
    default:
      return true;
  }
}

/** Coral's parser wording for the common cases (`Start of structure or map found where not expected.`). */
function mismatchMessage(shape: ModelShape, value: unknown, path: string): string {
  const at = path ? ` (member ${path})` : '';
  if (Array.isArray(value)) return `Start of list found where not expected${at}`;
  if (isPlainObject(value)) return `Start of structure or map found where not expected.${at}`;
  const expected = shape.type === 'structure' || shape.type === 'map' ? 'a structure or map' : shape.type === 'list' ? 'a list' : `a ${shape.type}`;
  return `${typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'number' ? 'NUMBER_VALUE' : 'BOOLEAN_VALUE'} can not be converted to ${expected}${at}`;
}
