/**
 * A Lambda Function URL on its own port: payload 2.0 events (`routeKey` `$default`, domain
 * `<url-id>.lambda-url.us-east-1.on.aws`), `AuthType` `AWS_IAM` (a SigV4 `Authorization` header or
 * presigned query is required; the signature itself is not verified locally) or `NONE`, CORS,
 * a 6 MB request limit, and both invoke modes: `BUFFERED` maps the result as HTTP APIs do,
 * `RESPONSE_STREAM` writes the status and headers from the stream's prelude, then every chunk
 * to the socket the moment the handler writes it; a client that goes away aborts the invocation's
 * stream.
 */
import { createHash } from 'node:crypto';
import Fastify from 'fastify';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FunctionUrlDef } from '../template/model.js';
import type { LambdaRuntime, ResponseStreamSink } from '../runtime/types.js';
import { AccessLog } from './accessLog.js';
import { CorsPolicy } from './corsPolicy.js';
import { bodyErrorSpec, FUNCTION_URL_DIALECT, FUNCTION_URL_ERRORS } from './errors.js';
import type { GatewayErrorSpec } from './errors.js';
import type { GatewayRequest } from './gatewayRequest.js';
import { firstHeader, toGatewayRequest } from './gatewayRequest.js';
import type { HttpApiEventTarget } from './httpApiEvent.js';
import { buildHttpApiEvent } from './httpApiEvent.js';
import { invokeIntegration } from './invokeIntegration.js';
import { mapV2ProxyResult } from './proxyResult.js';
import { newRequestIds } from './requestIds.js';
import type { ResponseHeaders } from './responseWriter.js';
import { writeGatewayError, writeResponse } from './responseWriter.js';
import { HTTP_METHODS } from './routeTable.js';
import { LAZY_SCHEMA_COMPILERS } from '../lazySchemaCompilers.js';

/** Lambda's synchronous invocation payload limit, which bounds Function URL requests. */
export const FUNCTION_URL_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024;

export interface FunctionUrlAppOptions {
  log?: (line: string) => void;
}

/** The 32-character url id AWS puts in front of `.lambda-url.<region>.on.aws`, stable per function. */
export function functionUrlId(functionLogicalId: string): string {
  const digest = createHash('sha256').update(functionLogicalId).digest();
  let id = '';
  for (let i = 0; i < 32; i++) id += 'abcdefghijklmnopqrstuvwxyz234567'[digest[i] % 32];
  return id;
}

const SIGV4_HEADER = /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/[^,]+,\s*SignedHeaders=[^,]+,\s*Signature=[0-9a-f]+$/;

/** The access key of a SigV4-signed request, or undefined when the request is not signed. */
export function sigV4AccessKey(request: GatewayRequest): string | undefined {
  const header = firstHeader(request, 'authorization');
  if (header) return SIGV4_HEADER.exec(header)?.[1];
  if (request.query.get('X-Amz-Algorithm')?.[0] === 'AWS4-HMAC-SHA256' && request.query.has('X-Amz-Signature')) {
    return request.query.get('X-Amz-Credential')?.[0]?.split('/')[0];
  }
  return undefined;
}

function idHeaders(request: GatewayRequest): ResponseHeaders {
  return { 'x-amzn-RequestId': request.ids.requestId };
}

/**
 * Builds the app serving one Function URL (not listening).
 * @example
 * const app = buildFunctionUrlApp({ functionLogicalId: 'Stream', invokeMode: 'RESPONSE_STREAM', authType: 'NONE' }, runtime, {});
 */
export function buildFunctionUrlApp(url: FunctionUrlDef, runtime: LambdaRuntime, options: FunctionUrlAppOptions): FastifyInstance {
  const accessLog = new AccessLog(options.log);
  const cors = url.cors ? new CorsPolicy(url.cors, 'HTTP') : undefined;
  const urlId = functionUrlId(url.functionLogicalId);
  const target: HttpApiEventTarget = {
    apiId: urlId,
    stage: '$default',
    routeKey: '$default',
    stageVariables: null,
    domainName: `${urlId}.lambda-url.us-east-1.on.aws`,
    domainPrefix: urlId,
  };

  const app = Fastify({
    schemaController: LAZY_SCHEMA_COMPILERS,
    logger: false,
    bodyLimit: FUNCTION_URL_PAYLOAD_LIMIT_BYTES,
    exposeHeadRoutes: false,
    forceCloseConnections: true,
    routerOptions: { maxParamLength: 8192 },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: FUNCTION_URL_PAYLOAD_LIMIT_BYTES }, (_request, body, done) => done(null, body));

  const handler = async (fastifyRequest: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const started = performance.now();
    const body = Buffer.isBuffer(fastifyRequest.body) ? fastifyRequest.body : undefined;
    const request = toGatewayRequest(fastifyRequest.raw, fastifyRequest.url, body, null);
    const ids = idHeaders(request);
    const origin = firstHeader(request, 'origin');
    let status = 0;
    const fail = (error: GatewayErrorSpec): void => {
      status = error.status;
      if (!reply.raw.headersSent) writeGatewayError(reply, error, ids, cors?.responseHeaders(origin));
      else reply.raw.end();
    };
    try {
      if (cors && request.method === 'OPTIONS' && origin !== undefined && firstHeader(request, 'access-control-request-method')) {
        const answer = cors.preflight(origin, firstHeader(request, 'access-control-request-headers'));
        status = answer.status;
        return writeResponse(reply, answer.status, Object.assign(answer.headers, ids), '');
      }
      const event = buildHttpApiEvent(request, target, null);
      // AuthType NONE: Lambda names no caller account (captured events read `"accountId": "anonymous"`).
      if (url.authType === 'NONE') event.requestContext.accountId = 'anonymous';
      if (url.authType === 'AWS_IAM') {
        const accessKey = sigV4AccessKey(request);
        if (accessKey === undefined) return fail(FUNCTION_URL_ERRORS.FORBIDDEN);
        (event.requestContext as { authorizer?: unknown }).authorizer = {
          iam: { accessKey, accountId: '000000000000', callerId: accessKey, cognitoIdentity: null, principalOrgId: null, userArn: `arn:aws:iam::000000000000:user/${accessKey}`, userId: accessKey },
        };
      }
      if (url.invokeMode === 'RESPONSE_STREAM') {
        status = await streamResponse(url, runtime, event, reply, ids, cors?.responseHeaders(origin), accessLog);
        return;
      }
      const outcome = await invokeIntegration(runtime, url.functionLogicalId, event, 0);
      if (outcome.kind === 'throttled') return fail(FUNCTION_URL_ERRORS.THROTTLED);
      if (outcome.kind !== 'ok') {
        const detail = outcome.kind === 'error' ? `${outcome.error.errorType}: ${outcome.error.errorMessage}${outcome.error.trace ? `\n${outcome.error.trace.join('\n')}` : ''}` : outcome.kind;
        accessLog.note(`${url.functionLogicalId}: ${detail} (${request.ids.requestId})`);
        return fail(FUNCTION_URL_ERRORS.INTEGRATION_FAILURE);
      }
      const mapped = mapV2ProxyResult(outcome.payload);
      if (!mapped) {
        accessLog.note(`${url.functionLogicalId}: malformed function URL response (${request.ids.requestId})`);
        return fail(FUNCTION_URL_ERRORS.INTEGRATION_FAILURE);
      }
      status = mapped.status;
      writeResponse(reply, mapped.status, Object.assign(mapped.headers, cors?.responseHeaders(origin), ids), mapped.body);
    } catch (cause) {
      accessLog.note(`function URL error: ${(cause as Error).stack ?? String(cause)}`);
      fail(FUNCTION_URL_ERRORS.INTEGRATION_FAILURE);
    } finally {
      accessLog.record(request.method, request.rawPath, status, started, request.ids.requestId);
    }
  };
  app.route({ method: [...HTTP_METHODS], url: '/', handler });
  app.route({ method: [...HTTP_METHODS], url: '/*', handler });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const spec = bodyErrorSpec(error.statusCode, FUNCTION_URL_DIALECT);
    const ids = newRequestIds();
    writeGatewayError(reply, spec, { 'x-amzn-RequestId': ids.requestId });
    accessLog.record(request.raw.method ?? 'GET', request.url, spec.status, performance.now(), ids.requestId);
  });
  return app;
}

/** Runs a RESPONSE_STREAM invocation, forwarding the prelude and chunks as they come; returns the status sent. */
async function streamResponse(
  url: FunctionUrlDef,
  runtime: LambdaRuntime,
  event: unknown,
  reply: FastifyReply,
  ids: ResponseHeaders,
  corsHeaders: ResponseHeaders | undefined,
  accessLog: AccessLog,
): Promise<number> {
  reply.hijack();
  const raw = reply.raw;
  const controller = new AbortController();
  const onClose = (): void => {
    if (!raw.writableFinished) controller.abort();
  };
  raw.on('close', onClose);
  let status = 200;
  let headFlushScheduled = false;
  let bodyWritten = false;
  const flushHead = (): void => {
    // Nothing written since the prelude (a handler still waiting for its first token): send the head alone.
    if (!bodyWritten && !raw.destroyed && !raw.writableEnded) raw.flushHeaders();
  };
  const sendHead = (statusCode: number, headers: ResponseHeaders): void => {
    if (raw.headersSent || raw.writableEnded) return;
    status = statusCode;
    raw.writeHead(statusCode, Object.assign(headers, corsHeaders, ids));
    // The prelude and the first chunk usually arrive together: the head then leaves with that chunk,
    // in one packet; otherwise on the next turn of the event loop.
    if (!headFlushScheduled) {
      headFlushScheduled = true;
      setImmediate(flushHead);
    }
  };
  const sink: ResponseStreamSink = {
    onMetadata(metadata) {
      const headers: ResponseHeaders = {};
      for (const [name, value] of Object.entries(metadata.headers ?? {})) headers[name.toLowerCase()] = String(value);
      if (!('content-type' in headers)) headers['content-type'] = 'application/octet-stream';
      if (metadata.cookies && metadata.cookies.length > 0) headers['set-cookie'] = metadata.cookies;
      sendHead(metadata.statusCode ?? 200, headers);
    },
    onChunk(chunk) {
      if (raw.destroyed) return;
      sendHead(200, { 'content-type': 'application/octet-stream' });
      bodyWritten = true;
      raw.write(chunk);
    },
  };
  try {
    const outcome = await invokeIntegration(runtime, url.functionLogicalId, event, 0, { stream: sink, signal: controller.signal });
    if (raw.destroyed) return status;
    if (outcome.kind !== 'ok') {
      if (outcome.kind !== 'timeout') accessLog.note(`${url.functionLogicalId}: ${outcome.error.errorType}: ${outcome.error.errorMessage}`);
      if (!raw.headersSent) {
        const spec = outcome.kind === 'throttled' ? FUNCTION_URL_ERRORS.THROTTLED : FUNCTION_URL_ERRORS.INTEGRATION_FAILURE;
        raw.writeHead(spec.status, { ...ids, 'content-type': spec.contentType, 'x-amzn-ErrorType': spec.errorType });
        raw.end(spec.body);
        return spec.status;
      }
      // Mid-stream failure: Lambda ends the response where it is.
      raw.end();
      return status;
    }
    if (!raw.headersSent) {
      // A handler that returned instead of streaming: its value is the response.
      const mapped = mapV2ProxyResult(outcome.payload) ?? { status: 200, headers: {}, body: '' };
      status = mapped.status;
      const bytes = typeof mapped.body === 'string' ? Buffer.from(mapped.body) : mapped.body;
      raw.writeHead(mapped.status, Object.assign(mapped.headers, corsHeaders, ids, { 'content-length': String(bytes.length) }));
      raw.end(bytes);
      return status;
    }
    raw.end();
    return status;
  } finally {
    raw.off('close', onClose);
  }
}
