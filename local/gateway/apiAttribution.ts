/**
 * Which API a request that matches no route was meant for, so that its not-found answer comes in
 * that API's dialect (REST: 403 `Missing Authentication Token`; HTTP API: 404 `Not Found`).
 *
 * On AWS each API has its own host (`<api-id>.execute-api.<region>.amazonaws.com`), so the question
 * never arises; locally every API of the template shares one port. The rule, first match wins:
 * 1. the `Host` header's first label is an API's id (`curl -H 'Host: <api-id>.execute-api…'`);
 *    such a request is answered by that API alone, even when another API's route matches it;
 * 2. the path's first segment is a REST API's stage name (`/Prod/…`, the URL form AWS serves);
 * 3. the API whose routes share the longest run of leading segments with the path (a literal
 *    segment must be equal, a `{param}` or `{proxy+}` segment matches any); a tie between APIs of
 *    different kinds is no answer;
 * 4. otherwise the template's only kind of API or, when it has both, REST (as before this rule).
 * Limits: a path that shares no leading segment with any route and names no stage is attributed by
 * rule 4 alone; an HTTP API `$default` route catches every unmatched path before this rule runs.
 */
import type { ApiContext, CompiledRoute } from './apiContext.js';
import type { ErrorDialect } from './errors.js';
import { HTTP_API_DIALECT, REST_DIALECT } from './errors.js';

/** A route path split into segments; `undefined` marks a segment that matches any value. */
type RouteSegments = (string | undefined)[];

interface ApiRoutes {
  ctx: ApiContext;
  routes: RouteSegments[];
}

function segmentsOf(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function routeSegments(templatePath: string): RouteSegments {
  return segmentsOf(templatePath).map((segment) => (/^\{[^}]+\}$/.test(segment) ? undefined : segment));
}

/** How many leading segments of `path` the route matches. */
function sharedLeadingSegments(route: RouteSegments, path: string[]): number {
  let shared = 0;
  while (shared < route.length && shared < path.length) {
    const expected = route[shared];
    if (expected !== undefined && expected !== path[shared]) break;
    shared++;
  }
  return shared;
}

export class ApiAttribution {
  readonly #byApiId = new Map<string, ApiContext>();
  readonly #restByStage = new Map<string, ApiContext>();
  readonly #apis: ApiRoutes[] = [];
  readonly #fallback: ErrorDialect;

  constructor(contexts: Iterable<ApiContext>, routes: Iterable<CompiledRoute>) {
    const byLogicalId = new Map<string, ApiRoutes>();
    for (const ctx of contexts) {
      this.#byApiId.set(ctx.api.apiId.toLowerCase(), ctx);
      if (ctx.isRest && !this.#restByStage.has(ctx.api.stage)) this.#restByStage.set(ctx.api.stage, ctx);
      const entry: ApiRoutes = { ctx, routes: [] };
      byLogicalId.set(ctx.api.logicalId, entry);
      this.#apis.push(entry);
    }
    for (const compiled of routes) {
      if (!compiled.path.isDefault) byLogicalId.get(compiled.ctx.api.logicalId)?.routes.push(routeSegments(compiled.route.path));
    }
    const kinds = new Set(this.#apis.map((a) => a.ctx.isRest));
    this.#fallback = kinds.size === 1 && kinds.has(false) ? HTTP_API_DIALECT : REST_DIALECT;
  }

  /** The API whose id is the first label of `host` (`<api-id>.execute-api.…`), if any. */
  apiByHost(host: string | undefined): ApiContext | undefined {
    if (host === undefined || this.#byApiId.size === 0) return undefined;
    const dot = host.indexOf('.');
    return dot <= 0 ? undefined : this.#byApiId.get(host.slice(0, dot).toLowerCase());
  }

  /** The dialect of the API a request for `host` and `url` (path and query) was meant for. */
  dialectFor(host: string | undefined, url: string): ErrorDialect {
    const byHost = this.apiByHost(host);
    if (byHost) return byHost.dialect;
    const queryAt = url.indexOf('?');
    const path = segmentsOf(queryAt === -1 ? url : url.slice(0, queryAt));
    const byStage = path.length > 0 ? this.#restByStage.get(path[0]) : undefined;
    if (byStage) return byStage.dialect;
    return this.#byRoutes(path) ?? this.#fallback;
  }

  #byRoutes(path: string[]): ErrorDialect | undefined {
    let best = 0;
    let kinds = new Set<boolean>();
    let dialect: ErrorDialect | undefined;
    for (const { ctx, routes } of this.#apis) {
      for (const route of routes) {
        const shared = sharedLeadingSegments(route, path);
        if (shared === 0 || shared < best) continue;
        if (shared > best) {
          best = shared;
          kinds = new Set();
        }
        kinds.add(ctx.isRest);
        dialect = ctx.dialect;
      }
    }
    return kinds.size === 1 ? dialect : undefined;
  }
}
