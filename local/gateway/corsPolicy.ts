/**
 * CORS from the template. REST APIs (SAM `Cors`) get an OPTIONS mock on every path that answers
 * the preflight; the function's own responses are left alone, as on AWS, where the function must
 * add `Access-Control-Allow-Origin` itself. HTTP APIs and Function URLs (`CorsConfiguration`,
 * `Cors`) answer the preflight and add the CORS headers to every response for an allowed origin.
 */
import type { CorsDef } from '../template/model.js';

export type CorsMode = 'REST' | 'HTTP';

const ALL_METHODS = 'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT';

export interface PreflightAnswer {
  status: number;
  headers: Record<string, string>;
}

export class CorsPolicy {
  readonly #def: CorsDef;
  readonly #mode: CorsMode;
  readonly #anyOrigin: boolean;
  readonly #origins: Set<string>;
  readonly #methods: string;
  readonly #headers: string;
  readonly #expose: string;

  constructor(def: CorsDef, mode: CorsMode) {
    this.#def = def;
    this.#mode = mode;
    this.#anyOrigin = def.allowOrigins.includes('*');
    this.#origins = new Set(def.allowOrigins);
    this.#methods = def.allowMethods.length === 0 || def.allowMethods.includes('*') ? ALL_METHODS : def.allowMethods.join(',');
    this.#headers = def.allowHeaders.join(',');
    this.#expose = def.exposeHeaders.join(',');
  }

  /** The `Access-Control-Allow-Origin` value for a request origin, or undefined if not allowed. */
  allowOrigin(origin: string | undefined): string | undefined {
    if (this.#mode === 'REST') {
      if (origin !== undefined && this.#origins.has(origin)) return origin;
      return this.#def.allowOrigins[0];
    }
    if (origin === undefined) return undefined;
    if (this.#anyOrigin) return this.#def.allowCredentials ? origin : '*';
    return this.#origins.has(origin) ? origin : undefined;
  }

  /** The answer to an OPTIONS preflight. */
  preflight(origin: string | undefined, requestHeaders: string | undefined): PreflightAnswer {
    const headers: Record<string, string> = {};
    const allowOrigin = this.allowOrigin(origin);
    if (allowOrigin !== undefined) {
      headers['access-control-allow-origin'] = allowOrigin;
      headers['access-control-allow-methods'] = this.#methods;
      const allowHeaders = this.#def.allowHeaders.includes('*') && requestHeaders ? requestHeaders : this.#headers;
      if (allowHeaders) headers['access-control-allow-headers'] = allowHeaders;
      if (this.#def.maxAge !== undefined) headers['access-control-max-age'] = String(this.#def.maxAge);
      if (this.#def.allowCredentials) headers['access-control-allow-credentials'] = 'true';
      if (this.#mode === 'HTTP' && this.#expose) headers['access-control-expose-headers'] = this.#expose;
    }
    if (this.#mode === 'REST') headers['content-type'] = 'application/json';
    return { status: this.#mode === 'REST' ? 200 : 204, headers };
  }

  /** Headers to add to a non-preflight response (HTTP APIs and Function URLs only). */
  responseHeaders(origin: string | undefined): Record<string, string> | undefined {
    if (this.#mode === 'REST') return undefined;
    const allowOrigin = this.allowOrigin(origin);
    if (allowOrigin === undefined) return undefined;
    const headers: Record<string, string> = { 'access-control-allow-origin': allowOrigin };
    if (this.#expose) headers['access-control-expose-headers'] = this.#expose;
    if (this.#def.allowCredentials) headers['access-control-allow-credentials'] = 'true';
    return headers;
  }
}
