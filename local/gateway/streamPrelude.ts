/**
 * The output format of a Lambda proxy integration with response streaming (REST APIs,
 * `responseTransferMode: STREAM`): a JSON metadata object (`statusCode`, `headers`,
 * `multiValueHeaders`, `cookies`), a delimiter of 8 NUL bytes, then the raw payload.
 * `awslambda.HttpResponseStream.from()` writes the first two parts; a handler may also write them
 * itself. Source: API Gateway developer guide, "Set up a Lambda proxy integration with payload
 * response streaming", section "Lambda proxy integration format for response streaming" (read 2026-12-07).
 */
import type { ResponseHeaders } from './responseWriter.js';

export const PRELUDE_DELIMITER = Buffer.alloc(8);

/**
 * The kit's own bound on the metadata JSON while it waits for the delimiter (AWS documents none;
 * API Gateway's header quotas make larger metadata useless): past it the answer is malformed.
 */
export const PRELUDE_LIMIT_BYTES = 64 * 1024;

export interface StreamHead {
  status: number;
  headers: ResponseHeaders;
}

/** Hop-by-hop or framing headers the gateway sets itself: the stream is always chunked. */
const FRAMING_HEADERS = new Set(['content-length', 'transfer-encoding', 'connection']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Maps the metadata object to a status and headers, or undefined when it is malformed (no integer
 * status in 100–599, headers that are not strings).
 */
export function toStreamHead(metadata: unknown): StreamHead | undefined {
  if (!isRecord(metadata)) return undefined;
  const status = metadata.statusCode ?? 200;
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) return undefined;
  const headers: ResponseHeaders = {};
  const single = metadata.headers ?? {};
  if (!isRecord(single)) return undefined;
  for (const [name, value] of Object.entries(single)) {
    if (value === null || typeof value === 'object') return undefined;
    headers[name.toLowerCase()] = String(value);
  }
  const multi = metadata.multiValueHeaders ?? {};
  if (!isRecord(multi)) return undefined;
  for (const [name, values] of Object.entries(multi)) {
    if (!Array.isArray(values)) return undefined;
    // As in buffered proxy results, multiValueHeaders' values win for the same name.
    headers[name.toLowerCase()] = values.map(String);
  }
  const cookies = metadata.cookies ?? [];
  if (!Array.isArray(cookies) || !cookies.every((c) => typeof c === 'string')) return undefined;
  if (cookies.length > 0) {
    const existing = headers['set-cookie'];
    headers['set-cookie'] = [...(existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]), ...cookies];
  }
  for (const name of FRAMING_HEADERS) delete headers[name];
  if (!('content-type' in headers)) headers['content-type'] = 'application/json';
  return { status, headers };
}

export type PreludeStep =
  /** Still waiting for the delimiter. */
  | { kind: 'pending' }
  | { kind: 'head'; head: StreamHead; rest: Buffer }
  | { kind: 'malformed'; reason: string };

/** Collects the first bytes of a stream until the delimiter, for handlers that write the prelude themselves. */
export class StreamPreludeReader {
  #pending: Buffer = Buffer.alloc(0);

  /** Feeds one chunk; says whether the metadata is complete, and what follows it. */
  push(chunk: Uint8Array): PreludeStep {
    this.#pending = Buffer.concat([this.#pending, chunk]);
    const end = this.#pending.indexOf(PRELUDE_DELIMITER);
    if (end < 0) {
      return this.#pending.length > PRELUDE_LIMIT_BYTES + PRELUDE_DELIMITER.length
        ? { kind: 'malformed', reason: `no metadata delimiter in the first ${PRELUDE_LIMIT_BYTES} bytes` }
        : { kind: 'pending' };
    }
    let metadata: unknown;
    try {
      metadata = JSON.parse(this.#pending.subarray(0, end).toString('utf8'));
    } catch {
      return { kind: 'malformed', reason: 'metadata is not JSON' };
    }
    const head = toStreamHead(metadata);
    if (!head) return { kind: 'malformed', reason: 'metadata has no valid statusCode/headers' };
    const rest = this.#pending.subarray(end + PRELUDE_DELIMITER.length);
    this.#pending = Buffer.alloc(0);
    return { kind: 'head', head, rest };
  }
}
