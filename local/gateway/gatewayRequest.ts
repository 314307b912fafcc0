/**
 * The parts of an incoming HTTP request that every event builder reads, extracted once per
 * request (no re-parsing per builder).
 */
import type { IncomingMessage } from 'node:http';
import type { RequestIds } from './requestIds.js';
import { newRequestIds } from './requestIds.js';

export interface GatewayRequest {
  /** Upper-case HTTP method. */
  method: string;
  /** Path as sent (percent-encoded), without the query string. */
  rawPath: string;
  /** Percent-decoded path. */
  path: string;
  /** Query string without `?`, as sent. */
  rawQueryString: string;
  /** Decoded query parameters, every value in arrival order. */
  query: Map<string, string[]>;
  /** Node's flat `[name, value, name, value…]` header list, names in the client's case. */
  rawHeaders: string[];
  /** Lower-cased header name → values (for lookups). */
  headerValues: Map<string, string[]>;
  sourceIp: string;
  userAgent: string;
  /** Raw request body; undefined when the request had none. */
  body: Buffer | undefined;
  /** Path parameters of the matched route, decoded; null when the route has none. */
  pathParameters: Record<string, string> | null;
  ids: RequestIds;
  timeEpoch: number;
}

function decode(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function decodePath(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Parses `a=1&b=2&a=3` into ordered multi-values (API Gateway keeps duplicates). */
export function parseQueryString(raw: string): Map<string, string[]> {
  const query = new Map<string, string[]>();
  if (raw === '') return query;
  for (const pair of raw.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    const list = query.get(name);
    if (list) list.push(value);
    else query.set(name, [value]);
  }
  return query;
}

/** Lower-cased name → values from Node's raw header list. */
export function indexHeaders(rawHeaders: string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i].toLowerCase();
    const list = index.get(name);
    if (list) list.push(rawHeaders[i + 1]);
    else index.set(name, [rawHeaders[i + 1]]);
  }
  return index;
}

/** Builds the view of one request. `url` is the request target (`/path?query`). */
export function toGatewayRequest(
  raw: IncomingMessage,
  url: string,
  body: Buffer | undefined,
  pathParameters: Record<string, string> | null,
): GatewayRequest {
  const q = url.indexOf('?');
  const rawPath = q === -1 ? url : url.slice(0, q);
  const rawQueryString = q === -1 ? '' : url.slice(q + 1);
  const headerValues = indexHeaders(raw.rawHeaders);
  return {
    method: (raw.method ?? 'GET').toUpperCase(),
    rawPath,
    path: decodePath(rawPath),
    rawQueryString,
    query: parseQueryString(rawQueryString),
    rawHeaders: raw.rawHeaders,
    headerValues,
    sourceIp: normaliseIp(raw.socket?.remoteAddress ?? '127.0.0.1'),
    userAgent: headerValues.get('user-agent')?.[0] ?? '',
    body: body && body.length > 0 ? body : undefined,
    pathParameters,
    ids: newRequestIds(),
    timeEpoch: Date.now(),
  };
}

function normaliseIp(address: string): string {
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** First value of a header (case-insensitive name, given lower-case). */
export function firstHeader(request: GatewayRequest, lowerName: string): string | undefined {
  return request.headerValues.get(lowerName)?.[0];
}
