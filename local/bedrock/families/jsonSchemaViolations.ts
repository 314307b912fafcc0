/**
 * The "Malformed input request" answer Bedrock gives for an InvokeModel body its model's JSON
 * schema refuses. Bedrock runs the family's schema (everit's wording: `#/path: …`) and joins every
 * violation with no separator, e.g. (reported from AWS, 2026-03-26):
 *
 *     Malformed input request: #: extraneous key [output_config] is not permitted#/thinking/type: adaptive is not a valid enum value, please reformat your input and try again.
 */
import { validationError } from '../errors.js';

/** The JSON type name everit reports (`found: …`). */
export function jsonTypeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'JSONArray';
  if (typeof value === 'object') return 'JSONObject';
  if (typeof value === 'number') return Number.isInteger(value) ? 'Integer' : 'BigDecimal';
  if (typeof value === 'boolean') return 'Boolean';
  return 'String';
}

/** Collects `#/path: message` violations of one body, in document order. */
export class SchemaViolations {
  readonly found: string[] = [];

  add(path: string, message: string): void {
    this.found.push(`${path}: ${message}`);
  }

  /** Keys of `value` outside `allowed`: `#/path: extraneous key [k] is not permitted`. */
  extraneous(value: Record<string, unknown>, allowed: ReadonlySet<string>, path: string): void {
    for (const key of Object.keys(value)) if (!allowed.has(key)) this.add(path, `extraneous key [${key}] is not permitted`);
  }

  required(value: Record<string, unknown>, keys: string[], path: string): void {
    for (const key of keys) if (value[key] === undefined) this.add(path, `required key [${key}] not found`);
  }

  /** A number member's type and range; returns it when well typed. */
  number(value: Record<string, unknown>, key: string, path: string, range: { min?: number; max?: number; integer?: boolean }): number | undefined {
    const item = value[key];
    if (item === undefined) return undefined;
    const at = `${path}/${key}`.replace(/^#\/\//, '#/');
    if (typeof item !== 'number' || (range.integer && !Number.isInteger(item))) {
      this.add(at, `expected type: ${range.integer ? 'Integer' : 'Number'}, found: ${jsonTypeName(item)}`);
      return undefined;
    }
    if (range.min !== undefined && item < range.min) this.add(at, `${item} is not greater or equal to ${range.min}`);
    if (range.max !== undefined && item > range.max) this.add(at, `${item} is not less or equal to ${range.max}`);
    return item;
  }

  enumValue(value: unknown, allowed: readonly string[], path: string): void {
    if (typeof value !== 'string' || !allowed.includes(value)) this.add(path, `${String(value)} is not a valid enum value`);
  }

  /** Throws Bedrock's ValidationException when any violation was found. */
  assertNone(): void {
    if (this.found.length > 0) throw validationError(`Malformed input request: ${this.found.join('')}, please reformat your input and try again.`);
  }
}

/**
 * Refuses keys a family's body does not take, at the top level and in the named nested objects
 * (`{ inferenceConfig: keys }`), every one listed: "Malformed input request: #: extraneous key [x] is not permitted…".
 */
export function assertNoExtraneousKeys(body: Record<string, unknown>, allowed: readonly string[], nested: Record<string, readonly string[]> = {}): void {
  const out = new SchemaViolations();
  out.extraneous(body, new Set(allowed), '#');
  for (const [key, keys] of Object.entries(nested)) {
    const value = body[key];
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) out.extraneous(value as Record<string, unknown>, new Set(keys), `#/${key}`);
  }
  out.assertNone();
}
