/**
 * Builds payload format 2.0 events, as HTTP APIs and Lambda Function URLs do: lower-cased,
 * comma-joined headers, `cookies` apart, `rawPath` / `rawQueryString`, `requestContext.http`.
 */
import type { APIGatewayEventRequestContextV2, APIGatewayProxyEventV2, APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from '../template/model.js';
import type { GatewayRequest } from './gatewayRequest.js';
import { isTextContentType } from './mediaTypes.js';
import { formatRequestTime } from './requestIds.js';

export interface HttpApiEventTarget {
  apiId: string;
  stage: string;
  /** `GET /tasks/{id}`, or `$default`. */
  routeKey: string;
  stageVariables: Record<string, string> | null;
  domainName: string;
  domainPrefix: string;
}

/** `requestContext.authorizer` of a v2 event (`{lambda: context}` after a Lambda authorizer). */
export type HttpApiAuthorizerContext = { lambda: Record<string, unknown> | null } | null;

export type HttpApiEvent = APIGatewayProxyEventV2 & {
  requestContext: APIGatewayEventRequestContextV2 & { authorizer?: HttpApiAuthorizerContext };
};

interface HeaderParts {
  headers: Record<string, string>;
  cookies: string[] | undefined;
}

function headerParts(request: GatewayRequest): HeaderParts {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  for (const [name, values] of request.headerValues) {
    if (name === 'cookie') {
      cookies = [];
      for (const value of values) for (const c of value.split(';')) if (c.trim() !== '') cookies.push(c.trim());
      continue;
    }
    headers[name] = values.length === 1 ? values[0] : values.join(',');
  }
  return { headers, cookies };
}

function queryParameters(request: GatewayRequest): Record<string, string> | undefined {
  if (request.query.size === 0) return undefined;
  const out: Record<string, string> = {};
  for (const [name, values] of request.query) out[name] = values.join(',');
  return out;
}

function context(request: GatewayRequest, target: HttpApiEventTarget): APIGatewayEventRequestContextV2 {
  return {
    accountId: LOCAL_ACCOUNT_ID,
    apiId: target.apiId,
    domainName: target.domainName,
    domainPrefix: target.domainPrefix,
    http: {
      method: request.method,
      path: request.path,
      protocol: 'HTTP/1.1',
      sourceIp: request.sourceIp,
      userAgent: request.userAgent,
    },
    requestId: request.ids.requestId,
    routeKey: target.routeKey,
    stage: target.stage,
    time: formatRequestTime(request.timeEpoch),
    timeEpoch: request.timeEpoch,
  };
}

/**
 * The event an HTTP API (payload 2.0) or a Function URL hands a function.
 * @example
 * const event = buildHttpApiEvent(request, { apiId, stage: '$default', routeKey: '$default', stageVariables: null, domainName, domainPrefix }, null);
 */
export function buildHttpApiEvent(
  request: GatewayRequest,
  target: HttpApiEventTarget,
  authorizer: HttpApiAuthorizerContext,
): HttpApiEvent {
  const { headers, cookies } = headerParts(request);
  const event: HttpApiEvent = {
    version: '2.0',
    routeKey: target.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    headers,
    requestContext: context(request, target),
    isBase64Encoded: false,
  };
  if (cookies) event.cookies = cookies;
  const query = queryParameters(request);
  if (query) event.queryStringParameters = query;
  if (request.pathParameters) event.pathParameters = request.pathParameters;
  if (target.stageVariables) event.stageVariables = target.stageVariables;
  if (authorizer) event.requestContext.authorizer = authorizer;
  if (request.body !== undefined) {
    const binary = !isTextContentType(headers['content-type']);
    event.body = binary ? request.body.toString('base64') : request.body.toString('utf8');
    event.isBase64Encoded = binary;
  }
  return event;
}

/** The event an HTTP API's Lambda authorizer (payload 2.0) receives. */
export function buildHttpApiAuthorizerEvent(
  request: GatewayRequest,
  target: HttpApiEventTarget,
  routeArn: string,
  identitySource: string[],
): APIGatewayRequestAuthorizerEventV2 {
  const { headers, cookies } = headerParts(request);
  const event: APIGatewayRequestAuthorizerEventV2 = {
    version: '2.0',
    type: 'REQUEST',
    routeArn,
    identitySource,
    routeKey: target.routeKey,
    rawPath: request.rawPath,
    rawQueryString: request.rawQueryString,
    cookies: cookies ?? [],
    headers,
    requestContext: context(request, target),
  };
  const query = queryParameters(request);
  if (query) event.queryStringParameters = query;
  if (request.pathParameters) event.pathParameters = request.pathParameters;
  if (target.stageVariables) event.stageVariables = target.stageVariables;
  return event;
}
