/**
 * Turns what a function returned into the HTTP response, as Lambda proxy integrations do.
 * A result the integration would reject yields `undefined` (the caller answers 502 / 500).
 */

/** Lambda's synchronous response payload limit. */
export const LAMBDA_RESPONSE_LIMIT_BYTES = 6 * 1024 * 1024;

export interface HttpResponseParts {
  status: number;
  /** Lower-case names; `set-cookie` and multi-value headers as arrays. */
  headers: Record<string, string | string[]>;
  body: string | Buffer;
}

const REST_RESULT_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

type HeaderScalar = string | number | boolean;

function isScalar(value: unknown): value is HeaderScalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

function toStatus(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n >= 100 && n <= 599 ? n : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tooLarge(body: string | undefined): boolean {
  // A UTF-16 length is a lower bound of the UTF-8 size; exact size only when near the limit.
  if (body === undefined || body.length * 3 < LAMBDA_RESPONSE_LIMIT_BYTES) return false;
  return Buffer.byteLength(body) > LAMBDA_RESPONSE_LIMIT_BYTES;
}

function decodeBody(body: string | undefined, base64: boolean): string | Buffer {
  if (body === undefined) return '';
  return base64 ? Buffer.from(body, 'base64') : body;
}

/**
 * Maps a payload format 1.0 result (REST APIs). `decodeBinary` says whether a base64 body may be
 * turned back into bytes (the request's `Accept` or the response's content type matches the
 * API's binary media types); otherwise the base64 text passes through, as on API Gateway.
 */
export function mapRestProxyResult(
  payload: unknown,
  decodeBinary: (contentType: string | undefined) => boolean,
): HttpResponseParts | undefined {
  if (!isRecord(payload)) return undefined;
  for (const key in payload) if (!REST_RESULT_KEYS.has(key)) return undefined;
  const status = toStatus(payload.statusCode);
  if (status === undefined) return undefined;
  const { body, isBase64Encoded } = payload;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') return undefined;
  if (tooLarge(body ?? undefined)) return undefined;
  const headers: Record<string, string | string[]> = {};
  if (payload.multiValueHeaders !== undefined && payload.multiValueHeaders !== null) {
    if (!isRecord(payload.multiValueHeaders)) return undefined;
    for (const [name, values] of Object.entries(payload.multiValueHeaders)) {
      if (!Array.isArray(values) || !values.every(isScalar)) return undefined;
      headers[name.toLowerCase()] = values.map(String);
    }
  }
  if (payload.headers !== undefined && payload.headers !== null) {
    if (!isRecord(payload.headers)) return undefined;
    for (const [name, value] of Object.entries(payload.headers)) {
      if (!isScalar(value)) return undefined;
      const lower = name.toLowerCase();
      // Both given: multiValueHeaders' values win for the same name.
      if (!(lower in headers)) headers[lower] = String(value);
    }
  }
  if (!('content-type' in headers)) headers['content-type'] = 'application/json';
  const contentType = headers['content-type'];
  const base64 = isBase64Encoded === true && decodeBinary(Array.isArray(contentType) ? contentType[0] : contentType);
  return { status, headers, body: decodeBody(body ?? undefined, base64) };
}

/**
 * Maps a payload format 2.0 result (HTTP APIs, Function URLs). An object without `statusCode`,
 * a string or any other JSON value means 200 with that value serialized as the JSON body.
 */
export function mapV2ProxyResult(payload: unknown): HttpResponseParts | undefined {
  if (!isRecord(payload) || payload.statusCode === undefined) {
    const body = payload === undefined ? '' : JSON.stringify(payload);
    if (tooLarge(body)) return undefined;
    return { status: 200, headers: { 'content-type': 'application/json' }, body };
  }
  const status = toStatus(payload.statusCode);
  if (status === undefined) return undefined;
  const { body, isBase64Encoded, cookies } = payload;
  if (body !== undefined && body !== null && typeof body !== 'string') return undefined;
  if (isBase64Encoded !== undefined && typeof isBase64Encoded !== 'boolean') return undefined;
  if (tooLarge(body ?? undefined)) return undefined;
  const headers: Record<string, string | string[]> = {};
  if (payload.headers !== undefined && payload.headers !== null) {
    if (!isRecord(payload.headers)) return undefined;
    for (const [name, value] of Object.entries(payload.headers)) {
      if (!isScalar(value)) return undefined;
      headers[name.toLowerCase()] = String(value);
    }
  }
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) return undefined;
    if (cookies.length > 0) headers['set-cookie'] = cookies as string[];
  }
  return { status, headers, body: decodeBody(body ?? undefined, isBase64Encoded === true) };
}
