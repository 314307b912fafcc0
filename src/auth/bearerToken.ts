/**
 * Extracts the token from an `Authorization: Bearer <token>` header value.
 */
import { MissingTokenError } from './errors.js';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/**
 * The token of a bearer `Authorization` header value.
 *
 * @throws MissingTokenError when the value is absent, blank or not a `Bearer` credential.
 * @example
 * bearerToken('Bearer eyJhbGciOi…') // 'eyJhbGciOi…'
 */
export function bearerToken(headerValue: string | undefined | null): string {
  const match = headerValue ? BEARER.exec(headerValue.trim()) : null;
  if (!match) throw new MissingTokenError();
  return match[1];
}

/** The `Authorization` header of a header map, whatever its case (REST APIs keep the client's case, Function URLs lower-case it). */
export function authorizationHeader(headers: Record<string, string | undefined> | null | undefined): string | undefined {
  if (!headers) return undefined;
  for (const [name, value] of Object.entries(headers)) {
    if (name.toLowerCase() === 'authorization') return value;
  }
  return undefined;
}
