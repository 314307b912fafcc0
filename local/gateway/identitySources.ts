/**
 * Reads a Lambda authorizer's identity sources from a request:
 * `method.request.header.X` / `$request.header.X`, `method.request.querystring.X` /
 * `$request.querystring.X`, `stageVariables.X` / `$stageVariables.X`, `context.X` / `$context.X`.
 * Each source is compiled once into a reader.
 */
import type { GatewayRequest } from './gatewayRequest.js';

export interface IdentityScope {
  stage: string;
  apiId: string;
  stageVariables: Record<string, string> | null;
  routeKey: string;
  resourcePath: string;
}

export type IdentityReader = (request: GatewayRequest, scope: IdentityScope) => string | undefined;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Compiles one identity source expression; throws for an expression API Gateway does not accept. */
export function compileIdentitySource(source: string): IdentityReader {
  const s = source.trim();
  const header = /^(?:method\.request|\$request)\.header\.(.+)$/i.exec(s);
  if (header) {
    const name = header[1].toLowerCase();
    return (request) => nonEmpty(request.headerValues.get(name)?.join(','));
  }
  const query = /^(?:method\.request|\$request)\.querystring\.(.+)$/i.exec(s);
  if (query) {
    const name = query[1];
    return (request) => nonEmpty(request.query.get(name)?.join(','));
  }
  const stageVariable = /^\$?stageVariables\.(.+)$/.exec(s);
  if (stageVariable) {
    const name = stageVariable[1];
    return (_request, scope) => nonEmpty(scope.stageVariables?.[name]);
  }
  const context = /^\$?context\.(.+)$/.exec(s);
  if (context) {
    const name = context[1];
    return (request, scope) => {
      switch (name) {
        case 'stage':
          return scope.stage;
        case 'apiId':
          return scope.apiId;
        case 'httpMethod':
          return request.method;
        case 'routeKey':
          return scope.routeKey;
        case 'resourcePath':
          return scope.resourcePath;
        case 'path':
          return request.path;
        case 'identity.sourceIp':
          return request.sourceIp;
        case 'identity.userAgent':
          return nonEmpty(request.userAgent);
        case 'requestId':
          return request.ids.requestId;
        default:
          return undefined;
      }
    };
  }
  throw new Error(`unsupported authorizer identity source: ${source}`);
}
