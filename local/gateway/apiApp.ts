/**
 * The API port: every REST API and HTTP API of the template on one Fastify app, served without
 * the stage prefix (`/chat`, not `/Prod/chat`), as `sam local start-api` serves them; the event's
 * `requestContext.path` still carries `/<stage>/…` as on AWS.
 */
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiDef, TemplateModel } from '../template/model.js';
import type { LambdaRuntime } from '../runtime/types.js';
import { AccessLog } from './accessLog.js';
import { ApiAttribution } from './apiAttribution.js';
import type { ApiContext, CompiledRoute } from './apiContext.js';
import { createApiContext, resourceIdFor } from './apiContext.js';
import { ApiKeyStore } from './apiKeyStore.js';
import type { ApiKey, ApiKeyResolver } from './apiKeyStore.js';
import { handleApiRequest } from './apiRequestPipeline.js';
import type { ErrorDialect } from './errors.js';
import { bodyErrorSpec, HTTP_API_DIALECT, REST_DIALECT } from './errors.js';
import { newRequestIds } from './requestIds.js';
import type { ResponseHeaders } from './responseWriter.js';
import { writeGatewayError, writeResponse } from './responseWriter.js';
import { routeMethods, toRoutePath } from './routeTable.js';
import { LAZY_SCHEMA_COMPILERS } from '../lazySchemaCompilers.js';

/** API Gateway's request payload limit. */
export const API_PAYLOAD_LIMIT_BYTES = 10 * 1024 * 1024;

export interface ApiAppOptions {
  apiKeys: ApiKey[];
  /** Recognises key values beyond `apiKeys` (the stack's per-user keys). */
  resolveApiKey?: ApiKeyResolver;
  log?: (line: string) => void;
  /** Overrides API Gateway's 29 s REST integration timeout (tests). */
  restIntegrationTimeoutMs?: number;
  /** Overrides API Gateway's 30 s HTTP API integration timeout (tests). */
  httpIntegrationTimeoutMs?: number;
  /** Overrides the 5-minute idle timeout of streamed REST responses (tests). */
  restStreamIdleTimeoutMs?: number;
  /** The stack clock's time: authorizer cache TTLs and usage-plan quotas and throttles run on it (default real time). */
  now?: () => number;
}

interface PathEntry {
  routerPath: string;
  /** Method → route; several APIs may contribute to one path. */
  byMethod: Map<string, CompiledRoute>;
  /** The CORS-enabled API answering preflights on this path, if any. */
  preflight: ApiContext | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    gatewayDialect?: ErrorDialect;
  }
}

function freshIdHeaders(): ResponseHeaders {
  const ids = newRequestIds();
  return { 'x-amzn-RequestId': ids.requestId, 'x-amz-apigw-id': ids.extendedRequestId };
}

/**
 * Builds the API app (not listening; use `inject()` in tests or `listen()`).
 * @example
 * const app = buildApiApp(model, runtime, { apiKeys: [{ id: 'k1', value: 'secret' }] });
 * const res = await app.inject({ method: 'POST', url: '/chat', headers: { 'x-api-key': 'secret' } });
 */
export function buildApiApp(model: TemplateModel, runtime: LambdaRuntime, options: ApiAppOptions): FastifyInstance {
  const accessLog = new AccessLog(options.log);
  const services = { runtime, apiKeys: new ApiKeyStore(options.apiKeys, options.resolveApiKey), accessLog };
  const note = (line: string): void => accessLog.note(line);
  const contexts = new Map<string, ApiContext>();
  for (const api of model.apis) contexts.set(api.logicalId, createApiContext(api, runtime, { ...options, log: note }));
  const defaultDialect: ErrorDialect = model.apis.some((a: ApiDef) => a.kind === 'REST') || model.apis.length === 0 ? REST_DIALECT : HTTP_API_DIALECT;

  const paths = new Map<string, PathEntry>();
  const compiledRoutes: CompiledRoute[] = [];
  for (const route of model.routes) {
    const ctx = contexts.get(route.apiLogicalId);
    if (!ctx) {
      note(`route ${route.method} ${route.path} of ${route.functionLogicalId}: unknown API ${route.apiLogicalId}, not served`);
      continue;
    }
    const path = toRoutePath(route.path);
    const authorizer = route.authorizer ? ctx.authorizers.get(route.authorizer) : undefined;
    if (route.authorizer && !authorizer) {
      note(`route ${route.method} ${route.path}: authorizer ${route.authorizer} is not defined on ${ctx.api.logicalId}; every request answers 500`);
    }
    const compiled: CompiledRoute = {
      ctx,
      route,
      path,
      routeKey: path.isDefault ? '$default' : `${route.method.toUpperCase()} ${route.path}`,
      resourceId: resourceIdFor(ctx.api.apiId, route.path),
      authorizer,
      invokeOptions: { trigger: { kind: 'route', name: `${route.method.toUpperCase()} ${route.path}` } },
      codeRequested: false,
    };
    compiledRoutes.push(compiled);
    let entry = paths.get(path.routerPath);
    if (!entry) {
      entry = { routerPath: path.routerPath, byMethod: new Map(), preflight: undefined };
      paths.set(path.routerPath, entry);
    }
    const explicitMethod = route.method.toUpperCase() !== 'ANY';
    for (const method of routeMethods(route)) {
      const existing = entry.byMethod.get(method);
      // An explicit method beats ANY on the same path; otherwise the first route wins.
      if (existing && (!explicitMethod || existing.route.method.toUpperCase() !== 'ANY')) {
        if (explicitMethod) note(`route ${method} ${route.path} of ${route.functionLogicalId} duplicates ${existing.route.functionLogicalId}'s; not served`);
        continue;
      }
      entry.byMethod.set(method, compiled);
    }
    if (ctx.cors && !entry.preflight) entry.preflight = ctx;
  }

  const attribution = new ApiAttribution(contexts.values(), compiledRoutes);

  const app = Fastify({
    schemaController: LAZY_SCHEMA_COMPILERS,
    logger: false,
    bodyLimit: API_PAYLOAD_LIMIT_BYTES,
    exposeHeadRoutes: false,
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 8192 },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: API_PAYLOAD_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  for (const entry of paths.values()) {
    const preflight = entry.preflight;
    const dialect = entry.byMethod.values().next().value?.ctx.dialect ?? defaultDialect;
    const methods = [...entry.byMethod.keys()];
    // The CORS mock answers OPTIONS unless a route declares OPTIONS itself (ANY does not count).
    const explicitOptions = entry.byMethod.get('OPTIONS');
    const preflightServes = preflight !== undefined && (!explicitOptions || explicitOptions.route.method.toUpperCase() === 'ANY');
    if (preflightServes && !methods.includes('OPTIONS')) methods.push('OPTIONS');
    app.route({
      method: methods,
      url: entry.routerPath,
      config: { gatewayDialect: dialect },
      // Not `async`: the pipeline's own promise goes to Fastify as it is (no wrapper promise per request).
      handler: (request: FastifyRequest, reply: FastifyReply): Promise<void> | undefined => {
        const method = request.raw.method ?? 'GET';
        if (method === 'OPTIONS' && preflightServes && preflight?.cors) {
          const started = performance.now();
          const ids = freshIdHeaders();
          const answer = preflight.cors.preflight(request.headers.origin, request.headers['access-control-request-headers'] as string | undefined);
          writeResponse(reply, answer.status, Object.assign(answer.headers, ids), '');
          accessLog.record(method, request.url, answer.status, started, ids['x-amzn-RequestId'] as string);
          return undefined;
        }
        const compiled = entry.byMethod.get(method);
        // A request addressed to one API's host is that API's alone (on AWS the APIs have separate hosts).
        const addressedTo = attribution.apiByHost(request.headers.host);
        if (!compiled || (addressedTo !== undefined && addressedTo !== compiled.ctx)) {
          writeGatewayError(reply, (addressedTo ?? compiled?.ctx)?.dialect.notFound ?? dialect.notFound, freshIdHeaders());
          return undefined;
        }
        return handleApiRequest(compiled, services, request, reply);
      },
    });
  }

  app.setNotFoundHandler((request, reply) => {
    const started = performance.now();
    const ids = freshIdHeaders();
    const notFound = attribution.dialectFor(request.headers.host, request.url).notFound;
    writeGatewayError(reply, notFound, ids);
    accessLog.record(request.raw.method ?? 'GET', request.url, notFound.status, started, ids['x-amzn-RequestId'] as string);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const dialect = request.routeOptions.config.gatewayDialect ?? defaultDialect;
    const spec = bodyErrorSpec(error.statusCode, dialect);
    if (spec.status >= 500) note(`gateway error: ${error.stack ?? error.message}`);
    const ids = freshIdHeaders();
    writeGatewayError(reply, spec, ids);
    accessLog.record(request.raw.method ?? 'GET', request.url, spec.status, performance.now(), ids['x-amzn-RequestId'] as string);
  });

  return app;
}
