/**
 * Everything the gateway derives once from an `ApiDef` at start: its error dialect, CORS policy,
 * binary media matcher, usage plan limiter and Lambda authorizers.
 */
import type { ApiDef, RouteDef } from '../template/model.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../template/model.js';
import type { InvokeOptions, LambdaRuntime } from '../runtime/types.js';
import { CorsPolicy } from './corsPolicy.js';
import type { ErrorDialect } from './errors.js';
import { HTTP_API_DIALECT, REST_DIALECT } from './errors.js';
import { LambdaAuthorizer } from './lambdaAuthorizer.js';
import type { RestStreamLimits } from './restResponseStream.js';
import { REST_STREAM_EDGE_IDLE_TIMEOUT_MS, REST_STREAM_IDLE_TIMEOUT_MS, REST_STREAM_MAX_DURATION_MS } from './restResponseStream.js';
import type { MediaTypeMatcher } from './mediaTypes.js';
import { createBinaryMediaMatcher } from './mediaTypes.js';
import type { RoutePath } from './routeTable.js';
import { UsagePlanLimiter } from './usagePlanLimiter.js';

export interface ApiContext {
  api: ApiDef;
  isRest: boolean;
  dialect: ErrorDialect;
  cors: CorsPolicy | undefined;
  binary: MediaTypeMatcher;
  limiter: UsagePlanLimiter | undefined;
  authorizers: Map<string, LambdaAuthorizer>;
  stageVariables: Record<string, string> | null;
  /** `arn:aws:execute-api:us-east-1:000000000000:<apiId>/<stage>/` */
  arnPrefix: string;
  integrationTimeoutMs: number;
  /** Limits of `responseTransferMode: STREAM` routes (REST only). */
  streamLimits: RestStreamLimits;
}

export interface CompiledRoute {
  ctx: ApiContext;
  route: RouteDef;
  path: RoutePath;
  /** `GET /tasks/{id}` or `$default`. */
  routeKey: string;
  resourceId: string;
  authorizer: LambdaAuthorizer | undefined;
  /** What invoked the function, for the runtime's observers (the console), made once per route. */
  invokeOptions: InvokeOptions;
  /** Whether the route's function was asked to build its code while an authorizer ran. */
  codeRequested: boolean;
}

/** API Gateway's integration timeouts: 29 s for REST APIs, 30 s for HTTP APIs. */
export const REST_INTEGRATION_TIMEOUT_MS = 29_000;
export const HTTP_INTEGRATION_TIMEOUT_MS = 30_000;

export interface ApiContextOptions {
  log: (line: string) => void;
  restIntegrationTimeoutMs?: number;
  httpIntegrationTimeoutMs?: number;
  restStreamIdleTimeoutMs?: number;
  /** The stack clock's time (authorizer cache TTLs, usage plans). */
  now?: () => number;
}

/** Derives an API's context. */
export function createApiContext(api: ApiDef, runtime: LambdaRuntime, options: ApiContextOptions): ApiContext {
  const isRest = api.kind === 'REST';
  const authorizers = new Map<string, LambdaAuthorizer>();
  for (const def of api.authorizers) {
    authorizers.set(
      def.name,
      new LambdaAuthorizer(def, runtime, {
        simpleResponses: !isRest && def.enableSimpleResponses === true,
        log: options.log,
        now: options.now,
      }),
    );
  }
  const integrationTimeoutMs = isRest
    ? (options.restIntegrationTimeoutMs ?? REST_INTEGRATION_TIMEOUT_MS)
    : (options.httpIntegrationTimeoutMs ?? HTTP_INTEGRATION_TIMEOUT_MS);
  const stageVariables = Object.keys(api.stageVariables).length > 0 ? { ...api.stageVariables } : null;
  return {
    api,
    isRest,
    dialect: isRest ? REST_DIALECT : HTTP_API_DIALECT,
    cors: api.cors ? new CorsPolicy(api.cors, isRest ? 'REST' : 'HTTP') : undefined,
    binary: createBinaryMediaMatcher(api.binaryMediaTypes),
    limiter: api.usagePlan ? new UsagePlanLimiter(api.usagePlan, options.now) : undefined,
    authorizers,
    stageVariables,
    arnPrefix: `arn:aws:execute-api:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:${api.apiId}/${api.stage}/`,
    integrationTimeoutMs,
    streamLimits: {
      firstByteTimeoutMs: integrationTimeoutMs,
      idleTimeoutMs: options.restStreamIdleTimeoutMs ?? (api.endpointType === 'EDGE' ? REST_STREAM_EDGE_IDLE_TIMEOUT_MS : REST_STREAM_IDLE_TIMEOUT_MS),
      maxDurationMs: REST_STREAM_MAX_DURATION_MS,
    },
  };
}

/** A stable, API-Gateway-looking resource id (6 lower-case alphanumerics) for a resource path. */
export function resourceIdFor(apiId: string, path: string): string {
  let h = 2166136261;
  const text = `${apiId}${path}`;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36).padStart(6, '0').slice(-6);
}
