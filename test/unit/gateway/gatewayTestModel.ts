/**
 * Typed factories for gateway unit tests: template models and a test double of the
 * LambdaRuntime contract whose functions are plain async functions.
 */
import type { ApiDef, AuthorizerDef, FunctionUrlDef, RouteDef, TemplateModel } from '../../../local/template/model.js';
import { SerializedEvent } from '../../../local/runtime/SerializedEvent.js';
import type { InvokeOptions, InvokeResult, LambdaRuntime } from '../../../local/runtime/types.js';

export type FakeHandler = (event: unknown, options?: InvokeOptions) => Promise<InvokeResult | unknown> | InvokeResult | unknown;

export interface RecordingRuntime extends LambdaRuntime {
  calls: { functionId: string; event: unknown }[];
}

function isInvokeResult(value: unknown): value is InvokeResult {
  return typeof value === 'object' && value !== null && 'status' in value && 'durationMs' in value;
}

/** A runtime double: a handler's return value is the `ok` payload unless it is an InvokeResult itself; a throw is an `error`. */
export function fakeRuntime(handlers: Record<string, FakeHandler>): RecordingRuntime {
  const calls: { functionId: string; event: unknown }[] = [];
  return {
    calls,
    async invoke(functionId, invoked, options) {
      // Events the gateway wrote as JSON reach handlers as the objects a function parses.
      const event: unknown = invoked instanceof SerializedEvent ? JSON.parse(invoked.json) : invoked;
      calls.push({ functionId, event });
      const handler = handlers[functionId];
      if (!handler) return { status: 'error', error: { errorType: 'ResourceNotFoundException', errorMessage: functionId }, durationMs: 0 };
      try {
        const value = await handler(event, options);
        return isInvokeResult(value) ? value : { status: 'ok', payload: value, durationMs: 1 };
      } catch (cause) {
        const error = cause as Error;
        return { status: 'error', error: { errorType: error.name, errorMessage: error.message, trace: error.stack?.split('\n') }, durationMs: 1 };
      }
    },
    async close() {},
  };
}

export function apiDef(overrides: Partial<ApiDef> = {}): ApiDef {
  return {
    logicalId: 'Api',
    kind: 'REST',
    stage: 'Prod',
    apiId: 'abc123defg',
    apiKeyRequired: false,
    authorizers: [],
    binaryMediaTypes: [],
    stageVariables: {},
    ...overrides,
  };
}

export function routeDef(overrides: Partial<RouteDef> = {}): RouteDef {
  return {
    apiLogicalId: 'Api',
    functionLogicalId: 'Fn',
    method: 'GET',
    path: '/hello',
    apiKeyRequired: false,
    payloadFormatVersion: '1.0',
    eventId: 'Hello',
    ...overrides,
  };
}

export function tokenAuthorizer(overrides: Partial<AuthorizerDef> = {}): AuthorizerDef {
  return { name: 'TokenAuth', type: 'TOKEN', functionLogicalId: 'Auth', identitySources: [], resultTtlInSeconds: 300, ...overrides };
}

export function model(parts: { apis?: ApiDef[]; routes?: RouteDef[]; functionUrls?: FunctionUrlDef[] }): TemplateModel {
  return {
    templatePath: '/tmp/template.yaml',
    baseDir: '/tmp',
    functions: [],
    apis: parts.apis ?? [apiDef()],
    routes: parts.routes ?? [],
    functionUrls: parts.functionUrls ?? [],
    tables: [],
    queues: [],
    sqsEventSources: [],
    stateMachines: [],
    unsupported: [],
  };
}

export function allowPolicy(resource: string, principalId = 'user-1', context: Record<string, unknown> = {}): unknown {
  return {
    principalId,
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: resource }] },
    context,
  };
}
