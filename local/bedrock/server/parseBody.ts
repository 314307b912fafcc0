import { validationError } from '../errors.js';

/** Parses a JSON request body; malformed JSON is Bedrock's ValidationException. */
export function parseJsonBody(body: unknown): unknown {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.alloc(0);
  if (bytes.length === 0) return {};
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    throw validationError('Malformed input request, please reformat your input and try again.');
  }
}

/** Request headers as plain lower-case strings. */
export function plainHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  const plain: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(headers)) plain[name] = Array.isArray(value) ? value.join(',') : value;
  return plain;
}
