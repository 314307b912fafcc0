/**
 * One API request, in API Gateway's order: Lambda authorizer → API key → usage plan (throttle,
 * quota) → event → Lambda proxy integration → response mapping. Every gateway-made answer comes
 * from the error registry; every response carries the request id headers.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SerializedEvent } from '../runtime/SerializedEvent.js';
import type { LambdaRuntime } from '../runtime/types.js';
import type { AccessLog } from './accessLog.js';
import type { CompiledRoute } from './apiContext.js';
import type { ApiKey, ApiKeyStore } from './apiKeyStore.js';
import type { GatewayErrorSpec } from './errors.js';
import { REST_ERRORS } from './errors.js';
import type { GatewayRequest } from './gatewayRequest.js';
import { firstHeader, toGatewayRequest } from './gatewayRequest.js';
import type { HttpApiAuthorizerContext, HttpApiEventTarget } from './httpApiEvent.js';
import { buildHttpApiAuthorizerEvent, buildHttpApiEvent } from './httpApiEvent.js';
import type { IdentityScope } from './identitySources.js';
import { invokeIntegration } from './invokeIntegration.js';
import type { AuthorizationOutcome } from './lambdaAuthorizer.js';
import type { HttpResponseParts } from './proxyResult.js';
import { mapRestProxyResult, mapV2ProxyResult } from './proxyResult.js';
import type { RestAuthorizerContext, RestEventTarget } from './restEvent.js';
import { streamRestIntegration } from './restResponseStream.js';
import { buildRestRequestAuthorizerEvent, restEventJson } from './restEvent.js';
import type { ResponseHeaders } from './responseWriter.js';
import { writeGatewayError, writeResponse } from './responseWriter.js';
import { toPathParameters } from './routeTable.js';

/**
 * REST APIs: the method ARN of a method with authorization holds at most 1,600 bytes; past that the
 * client receives `414 Request URI too long` (API Gateway quotas page, read 2026-12-07).
 */
export const METHOD_ARN_LIMIT_BYTES = 1600;

export interface PipelineServices {
  runtime: LambdaRuntime;
  apiKeys: ApiKeyStore;
  accessLog: AccessLog;
}

/** Request id headers every API response carries. */
export function idHeaders(request: GatewayRequest): ResponseHeaders {
  return { 'x-amzn-RequestId': request.ids.requestId, 'x-amz-apigw-id': request.ids.extendedRequestId };
}

function restTarget(compiled: CompiledRoute, request: GatewayRequest): RestEventTarget {
  const { ctx, route } = compiled;
  return {
    apiId: ctx.api.apiId,
    stage: ctx.api.stage,
    resource: compiled.path.isDefault ? '/{proxy+}' : route.path,
    stageVariables: ctx.stageVariables,
    binaryBody: request.body !== undefined && ctx.binary(firstHeader(request, 'content-type')),
    resourceId: compiled.resourceId,
    httpApiVersion: !ctx.isRest,
  };
}

function httpTarget(compiled: CompiledRoute, request: GatewayRequest): HttpApiEventTarget {
  const { ctx } = compiled;
  return {
    apiId: ctx.api.apiId,
    stage: ctx.api.stage,
    routeKey: compiled.routeKey,
    stageVariables: ctx.stageVariables,
    domainName: firstHeader(request, 'host') ?? `${ctx.api.apiId}.execute-api.us-east-1.amazonaws.com`,
    domainPrefix: ctx.api.apiId,
  };
}

const restAuthorizerContexts = new WeakMap<object, RestAuthorizerContext>();

/** The authorizer section of a v1 event; built once per authorizer answer (cached answers serve many requests). */
function restAuthorizerContext(outcome: Extract<AuthorizationOutcome, { kind: 'allow' }>): RestAuthorizerContext {
  const known = restAuthorizerContexts.get(outcome);
  if (known) return known;
  const context: Record<string, string | number | boolean | null> = {};
  for (const [key, value] of Object.entries(outcome.context)) context[key] = value === null ? null : String(value);
  if (outcome.principalId !== undefined) context.principalId = outcome.principalId;
  context.integrationLatency = outcome.integrationLatency;
  restAuthorizerContexts.set(outcome, context);
  return context;
}

const identityScopes = new WeakMap<CompiledRoute, IdentityScope>();

function identityScope(compiled: CompiledRoute): IdentityScope {
  let scope = identityScopes.get(compiled);
  if (!scope) {
    const { ctx, route } = compiled;
    scope = { stage: ctx.api.stage, apiId: ctx.api.apiId, stageVariables: ctx.stageVariables, routeKey: compiled.routeKey, resourcePath: route.path };
    identityScopes.set(compiled, scope);
  }
  return scope;
}

/** One request in flight: what the error path needs to answer. */
interface InFlight {
  reply: FastifyReply;
  ids: ResponseHeaders;
  corsHeaders: ResponseHeaders | undefined;
}

/** Answers with a registry error; returns the status sent. */
function fail(flight: InFlight, error: GatewayErrorSpec): number {
  writeGatewayError(flight.reply, error, flight.ids, flight.corsHeaders);
  return error.status;
}

/** Runs one matched API request to completion (writes the response, records the access log). */
export async function handleApiRequest(
  compiled: CompiledRoute,
  services: PipelineServices,
  fastifyRequest: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const started = performance.now();
  const params = toPathParameters(fastifyRequest.params as Record<string, string | undefined>, compiled.path);
  const body = Buffer.isBuffer(fastifyRequest.body) ? fastifyRequest.body : undefined;
  const request = toGatewayRequest(fastifyRequest.raw, fastifyRequest.url, body, params);
  const flight: InFlight = { reply, ids: idHeaders(request), corsHeaders: compiled.ctx.cors?.responseHeaders(firstHeader(request, 'origin')) };
  let status = 0;
  try {
    status = await answerApiRequest(compiled, services, request, flight);
  } catch (cause) {
    services.accessLog.note(`gateway error: ${(cause as Error).stack ?? String(cause)}`);
    if (!reply.raw.headersSent) status = fail(flight, compiled.ctx.dialect.integrationFailure);
  } finally {
    services.accessLog.record(request.method, request.rawPath, status, started, request.ids.requestId);
  }
}

/** Authorizes, invokes and answers; returns the status sent. */
async function answerApiRequest(compiled: CompiledRoute, services: PipelineServices, request: GatewayRequest, flight: InFlight): Promise<number> {
  const { ctx, route } = compiled;
  // A greedy `{proxy+}` needs at least one character; `/` alone is no match on API Gateway.
  if (compiled.path.greedyName !== undefined && (request.pathParameters?.[compiled.path.greedyName] ?? '') === '') {
    return fail(flight, ctx.dialect.notFound);
  }
  const useRestEvent = ctx.isRest || route.payloadFormatVersion === '1.0';

  let restAuthorizer: RestAuthorizerContext = null;
  let usageIdentifierKey: string | undefined;
  let httpAuthorizer: HttpApiAuthorizerContext = null;
  if (compiled.authorizer) {
    const arn = `${ctx.arnPrefix}${request.method}${request.path}`;
    if (ctx.isRest && arn.length * 3 > METHOD_ARN_LIMIT_BYTES && Buffer.byteLength(arn) > METHOD_ARN_LIMIT_BYTES) return fail(flight, REST_ERRORS.REQUEST_URI_TOO_LONG);
    const authorizer = compiled.authorizer;
    if (!compiled.codeRequested) {
      // A route's first request: its function's code is built while the authorizer runs, not after it.
      compiled.codeRequested = true;
      void services.runtime.prepare?.([route.functionLogicalId]).catch(() => undefined);
    }
    const decided = authorizer.authorize({
      request,
      scope: identityScope(compiled),
      arn,
      requestEvent(identitySource) {
        return ctx.isRest || authorizer.def.payloadFormatVersion === '1.0'
          ? { ...buildRestRequestAuthorizerEvent(request, restTarget(compiled, request), arn), ...(ctx.isRest ? {} : { version: '1.0', identitySource: identitySource.join(',') }) }
          : buildHttpApiAuthorizerEvent(request, httpTarget(compiled, request), arn, identitySource);
      },
    });
    const outcome = decided instanceof Promise ? await decided : decided;
    if (outcome.kind === 'unauthorized') return fail(flight, ctx.dialect.unauthorized);
    if (outcome.kind === 'denied') return fail(flight, outcome.explicit ? ctx.dialect.explicitlyDenied : ctx.dialect.denied);
    if (outcome.kind === 'failure') return fail(flight, ctx.dialect.authorizerFailure);
    usageIdentifierKey = outcome.usageIdentifierKey;
    if (useRestEvent) restAuthorizer = restAuthorizerContext(outcome);
    else httpAuthorizer = { lambda: outcome.context };
  }

  let apiKey: ApiKey | undefined;
  if (route.apiKeyRequired) {
    // `ApiKeySourceType: AUTHORIZER`: the key is the authorizer's `usageIdentifierKey`, never the header.
    apiKey = services.apiKeys.find(ctx.api.apiKeySource === 'AUTHORIZER' ? usageIdentifierKey : firstHeader(request, 'x-api-key'));
    if (!apiKey) return fail(flight, ctx.dialect.invalidApiKey);
    if (ctx.limiter) {
      const usage = ctx.limiter.take(apiKey.id);
      if (usage === 'throttled') return fail(flight, ctx.dialect.throttled);
      if (usage === 'quotaExceeded') return fail(flight, ctx.dialect.quotaExceeded);
    }
  }

  const event = useRestEvent
    ? new SerializedEvent(restEventJson(request, restTarget(compiled, request), { apiKey: apiKey?.value ?? null, apiKeyId: apiKey?.id ?? null }, restAuthorizer))
    : buildHttpApiEvent(request, httpTarget(compiled, request), httpAuthorizer);

  if (ctx.isRest && route.responseTransferMode === 'STREAM') {
    return streamRestIntegration({
      runtime: services.runtime,
      functionId: route.functionLogicalId,
      trigger: compiled.invokeOptions.trigger,
      event,
      reply: flight.reply,
      ids: flight.ids,
      corsHeaders: flight.corsHeaders,
      dialect: ctx.dialect,
      limits: ctx.streamLimits,
      note: (line) => services.accessLog.note(`${line} (${request.ids.requestId})`),
    });
  }

  const outcome = await invokeIntegration(services.runtime, route.functionLogicalId, event, ctx.integrationTimeoutMs, compiled.invokeOptions);
  if (outcome.kind === 'timeout') {
    services.accessLog.note(`${route.functionLogicalId}: integration timed out after ${ctx.integrationTimeoutMs} ms (${request.ids.requestId})`);
    return fail(flight, ctx.dialect.integrationTimeout);
  }
  if (outcome.kind === 'throttled') return fail(flight, ctx.dialect.lambdaThrottled);
  if (outcome.kind === 'error') {
    const trace = outcome.error.trace?.join('\n') ?? '';
    services.accessLog.note(`${route.functionLogicalId}: ${outcome.error.errorType}: ${outcome.error.errorMessage} (${request.ids.requestId})${trace ? `\n${trace}` : ''}`);
    return fail(flight, ctx.dialect.integrationFailure);
  }
  const mapped: HttpResponseParts | undefined = useRestEvent
    ? mapRestProxyResult(outcome.payload, (contentType) => ctx.binary(firstHeader(request, 'accept')) || ctx.binary(contentType))
    : mapV2ProxyResult(outcome.payload);
  if (!mapped) {
    services.accessLog.note(`${route.functionLogicalId}: Malformed Lambda proxy response (${request.ids.requestId})`);
    return fail(flight, ctx.dialect.integrationFailure);
  }
  writeResponse(flight.reply, mapped.status, Object.assign(mapped.headers, flight.corsHeaders, flight.ids), mapped.body);
  return mapped.status;
}
