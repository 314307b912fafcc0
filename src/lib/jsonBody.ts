import { BadRequestError } from './errors.js';

/**
 * Parses a request body that must be a JSON object; every other body is a 400 with a message
 * that shows the expected `shape`.
 *
 * @example
 * const fields = parseJsonObjectBody(event.body, '{"message": "..."}');
 */
export function parseJsonObjectBody(body: string | undefined | null, shape: string): Record<string, unknown> {
  if (body === undefined || body === null || body.trim() === '') {
    throw new BadRequestError(`Request body is required: a JSON object like ${shape}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw new BadRequestError('Request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new BadRequestError(`Request body must be a JSON object like ${shape}`);
  }
  return parsed as Record<string, unknown>;
}

/**
 * The string field `name` of a parsed body, as sent (not trimmed); a 400 if it is missing, not a
 * string or blank.
 *
 * @example
 * const message = requiredStringField(fields, 'message');
 */
export function requiredStringField(fields: Record<string, unknown>, name: string): string {
  const value = fields[name];
  if (value === undefined || value === null) throw new BadRequestError(`"${name}" is required`);
  if (typeof value !== 'string') throw new BadRequestError(`"${name}" must be a string`);
  if (value.trim() === '') throw new BadRequestError(`"${name}" must not be empty`);
  return value;
}
