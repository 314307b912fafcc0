/**
 * Builds the Lambda proxy event (payload format 1.0) as API Gateway REST APIs do.
 */
import type {
  APIGatewayEventIdentity,
  APIGatewayProxyEvent,
  APIGatewayRequestAuthorizerEvent,
  APIGatewayEventRequestContextWithAuthorizer,
} from 'aws-lambda';
import { LOCAL_ACCOUNT_ID } from '../template/model.js';
import type { GatewayRequest } from './gatewayRequest.js';
import { firstHeader } from './gatewayRequest.js';
import { formatRequestTime } from './requestIds.js';

export interface RestEventTarget {
  apiId: string;
  stage: string;
  /** Resource path as declared: `/tasks/{id}`. */
  resource: string;
  stageVariables: Record<string, string> | null;
  /** True when the request body must be passed base64-encoded. */
  binaryBody: boolean;
  /** Resource id API Gateway would show; derived from the resource path. */
  resourceId: string;
  /** `1.0` payloads of HTTP APIs carry `version`. */
  httpApiVersion?: boolean;
}

export interface RestIdentityInfo {
  apiKey: string | null;
  apiKeyId: string | null;
}

/** Authorizer section of the request context (`principalId`, `integrationLatency`, context entries as strings). */
export type RestAuthorizerContext = Record<string, string | number | boolean | null> | null;

function headerMaps(request: GatewayRequest): Pick<APIGatewayProxyEvent, 'headers' | 'multiValueHeaders'> {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i];
    headers[name] = raw[i + 1];
    const list = multiValueHeaders[name];
    if (list) list.push(raw[i + 1]);
    else multiValueHeaders[name] = [raw[i + 1]];
  }
  return { headers, multiValueHeaders };
}

function queryMaps(
  request: GatewayRequest,
): Pick<APIGatewayProxyEvent, 'queryStringParameters' | 'multiValueQueryStringParameters'> {
  if (request.query.size === 0) return { queryStringParameters: null, multiValueQueryStringParameters: null };
  const single: Record<string, string> = {};
  const multi: Record<string, string[]> = {};
  for (const [name, values] of request.query) {
    single[name] = values[values.length - 1];
    multi[name] = values.slice();
  }
  return { queryStringParameters: single, multiValueQueryStringParameters: multi };
}

function identity(request: GatewayRequest, info: RestIdentityInfo): APIGatewayEventIdentity {
  return {
    accessKey: null,
    accountId: null,
    apiKey: info.apiKey,
    apiKeyId: info.apiKeyId,
    caller: null,
    clientCert: null,
    cognitoAuthenticationProvider: null,
    cognitoAuthenticationType: null,
    cognitoIdentityId: null,
    cognitoIdentityPoolId: null,
    principalOrgId: null,
    sourceIp: request.sourceIp,
    user: null,
    userAgent: request.userAgent || null,
    userArn: null,
  };
}

type ContextTail = Omit<APIGatewayProxyEvent['requestContext'], 'accountId' | 'apiId' | 'authorizer'>;

/** `requestContext` with the authorizer's answer, in API Gateway's key order. */
function requestContext<T>(request: GatewayRequest, target: RestEventTarget, info: RestIdentityInfo, authorizer: T): APIGatewayEventRequestContextWithAuthorizer<T> {
  return { accountId: LOCAL_ACCOUNT_ID, apiId: target.apiId, authorizer, ...contextTail(request, target, info) };
}

/** `requestContext` without the `authorizer` key (API Gateway leaves it out when no authorizer ran). */
function requestContextWithoutAuthorizer(request: GatewayRequest, target: RestEventTarget, info: RestIdentityInfo): APIGatewayProxyEvent['requestContext'] {
  return { accountId: LOCAL_ACCOUNT_ID, apiId: target.apiId, ...contextTail(request, target, info) } as APIGatewayProxyEvent['requestContext'];
}

/** The fields after `authorizer`, in API Gateway's key order. */
function contextTail(request: GatewayRequest, target: RestEventTarget, info: RestIdentityInfo): ContextTail {
  return {
    domainName: firstHeader(request, 'host') ?? `${target.apiId}.execute-api.us-east-1.amazonaws.com`,
    domainPrefix: target.apiId,
    extendedRequestId: request.ids.extendedRequestId,
    httpMethod: request.method,
    identity: identity(request, info),
    path: `/${target.stage}${request.path}`,
    protocol: 'HTTP/1.1',
    requestId: request.ids.requestId,
    requestTime: formatRequestTime(request.timeEpoch),
    requestTimeEpoch: request.timeEpoch,
    resourceId: target.resourceId,
    resourcePath: target.resource,
    stage: target.stage,
  };
}

/**
 * The proxy event a REST API hands a Lambda integration.
 * @example
 * const event = buildRestEvent(request, target, { apiKey: null, apiKeyId: null }, null);
 */
export function buildRestEvent(
  request: GatewayRequest,
  target: RestEventTarget,
  info: RestIdentityInfo,
  authorizer: RestAuthorizerContext,
): APIGatewayProxyEvent & { version?: string } {
  const body = request.body;
  const { headers, multiValueHeaders } = headerMaps(request);
  const { queryStringParameters, multiValueQueryStringParameters } = queryMaps(request);
  // API Gateway leaves `authorizer` out when no authorizer ran; the typed shape wants the key.
  // Built without it rather than deleted afterwards (a delete turns the object slow to serialise).
  const context = authorizer === null ? requestContextWithoutAuthorizer(request, target, info) : requestContext(request, target, info, authorizer as APIGatewayProxyEvent['requestContext']['authorizer']);
  const event: APIGatewayProxyEvent & { version?: string } = {
    resource: target.resource,
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders,
    queryStringParameters,
    multiValueQueryStringParameters,
    pathParameters: request.pathParameters,
    stageVariables: target.stageVariables,
    requestContext: context,
    body: body === undefined ? null : target.binaryBody ? body.toString('base64') : body.toString('utf8'),
    isBase64Encoded: body !== undefined && target.binaryBody,
  };
  if (target.httpApiVersion) event.version = '1.0';
  return event;
}

/** A string as JSON: as it is between quotes when nothing in it needs escaping (the common case, 25× cheaper than `JSON.stringify`). */
function jsonString(value: string): string {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    // Quotes, backslashes, control characters and surrogates (lone ones are escaped): JSON.stringify decides.
    if (code < 0x20 || code === 0x22 || code === 0x5c || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(value);
  }
  return `"${value}"`;
}

function jsonNullableString(value: string | null): string {
  return value === null ? 'null' : jsonString(value);
}

function jsonScalar(value: string | number | boolean | null): string {
  if (typeof value === 'string') return jsonString(value);
  return typeof value === 'number' && !Number.isFinite(value) ? 'null' : String(value);
}

/**
 * A map of scalars or lists of strings as JSON, keys in the object's own order (as `JSON.stringify`
 * writes them, at a fraction of its cost per call on small objects).
 */
function jsonMap(map: Record<string, string | number | boolean | null | string[] | undefined> | null): string {
  if (map === null) return 'null';
  let text = '';
  for (const key in map) {
    const value = map[key];
    if (value === undefined) continue;
    text += `${text === '' ? '{' : ','}${jsonString(key)}:${Array.isArray(value) ? `[${value.map(jsonString).join(',')}]` : jsonScalar(value)}`;
  }
  return text === '' ? '{}' : `${text}}`;
}

/**
 * The same proxy event as `buildRestEvent`, written straight as JSON text (same keys, same order):
 * what every proxy integration sends, built without the intermediate object and its serialisation.
 * The maps (headers, query, path parameters, stage variables, authorizer) are the objects
 * `buildRestEvent` holds, so that their key rules (order, duplicates) are JavaScript's own.
 * Ids, the request time and the method need no escaping (their alphabets have nothing to escape).
 */
export function restEventJson(request: GatewayRequest, target: RestEventTarget, info: RestIdentityInfo, authorizer: RestAuthorizerContext): string {
  const body = request.body;
  const { headers, multiValueHeaders } = headerMaps(request);
  const query = queryMaps(request);
  const base64 = body !== undefined && target.binaryBody;
  const bodyText = body === undefined ? null : base64 ? body.toString('base64') : body.toString('utf8');
  const apiId = jsonString(target.apiId);
  const resource = jsonString(target.resource);
  const path = jsonString(request.path);
  const maps =
    `"headers":${jsonMap(headers)},"multiValueHeaders":${jsonMap(multiValueHeaders)}` +
    `,"queryStringParameters":${jsonMap(query.queryStringParameters)},"multiValueQueryStringParameters":${jsonMap(query.multiValueQueryStringParameters)}` +
    `,"pathParameters":${jsonMap(request.pathParameters)},"stageVariables":${jsonMap(target.stageVariables)}`;
  const identity =
    `{"accessKey":null,"accountId":null,"apiKey":${jsonNullableString(info.apiKey)},"apiKeyId":${jsonNullableString(info.apiKeyId)},"caller":null,"clientCert":null` +
    ',"cognitoAuthenticationProvider":null,"cognitoAuthenticationType":null,"cognitoIdentityId":null,"cognitoIdentityPoolId":null,"principalOrgId":null' +
    `,"sourceIp":${jsonString(request.sourceIp)},"user":null,"userAgent":${jsonNullableString(request.userAgent || null)},"userArn":null}`;
  const context =
    `{"accountId":"${LOCAL_ACCOUNT_ID}","apiId":${apiId}${authorizer === null ? '' : `,"authorizer":${jsonMap(authorizer)}`}` +
    `,"domainName":${jsonString(firstHeader(request, 'host') ?? `${target.apiId}.execute-api.us-east-1.amazonaws.com`)},"domainPrefix":${apiId}` +
    `,"extendedRequestId":"${request.ids.extendedRequestId}","httpMethod":"${request.method}","identity":${identity}` +
    `,"path":${jsonString(`/${target.stage}${request.path}`)},"protocol":"HTTP/1.1","requestId":"${request.ids.requestId}"` +
    `,"requestTime":"${formatRequestTime(request.timeEpoch)}","requestTimeEpoch":${request.timeEpoch},"resourceId":${jsonString(target.resourceId)}` +
    `,"resourcePath":${resource},"stage":${jsonString(target.stage)}}`;
  return (
    `{"resource":${resource},"path":${path},"httpMethod":"${request.method}",${maps},"requestContext":${context}` +
    `,"body":${jsonNullableString(bodyText)},"isBase64Encoded":${base64}${target.httpApiVersion ? ',"version":"1.0"' : ''}}`
  );
}

/** The event a REST API's REQUEST authorizer receives. */
export function buildRestRequestAuthorizerEvent(
  request: GatewayRequest,
  target: RestEventTarget,
  methodArn: string,
): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn,
    resource: target.resource,
    path: request.path,
    httpMethod: request.method,
    ...headerMaps(request),
    ...queryMaps(request),
    pathParameters: request.pathParameters,
    stageVariables: target.stageVariables,
    requestContext: requestContextWithoutAuthorizer(request, target, { apiKey: null, apiKeyId: null }) as APIGatewayRequestAuthorizerEvent['requestContext'],
  };
}
