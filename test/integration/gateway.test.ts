import { request as httpRequest } from 'node:http';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../local/gateway/index.js';
import { createLambdaRuntime, type LocalLambdaRuntime } from '../../local/runtime/index.js';
import type { InvocationReport } from '../../local/runtime/types.js';
import type { ApiDef, RouteDef, TemplateModel } from '../../local/template/model.js';
import { emptyModel, fixtureFunction } from '../fixtures/gateway/gatewayModel.js';
import { SignalServer } from '../fixtures/gateway/SignalServer.js';

const API_KEY = { id: 'local-key-id', value: 'local-key-secret' };
const REST_API_ID = 'restapi001';

function restRoute(functionLogicalId: string, method: string, path: string, extra: Partial<RouteDef> = {}): RouteDef {
  return { apiLogicalId: 'RestApi', functionLogicalId, method, path, apiKeyRequired: false, payloadFormatVersion: '1.0', eventId: `${method}${path}`, ...extra };
}

function buildModel(signals: SignalServer): TemplateModel {
  const restApi: ApiDef = {
    logicalId: 'RestApi',
    kind: 'REST',
    stage: 'Prod',
    apiId: REST_API_ID,
    apiKeyRequired: false,
    authorizers: [{ name: 'TokenAuth', type: 'TOKEN', functionLogicalId: 'Auth', identitySources: [], resultTtlInSeconds: 300 }],
    cors: { allowOrigins: ['*'], allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'Authorization', 'X-Api-Key'], exposeHeaders: [], allowCredentials: false },
    binaryMediaTypes: ['image/png'],
    stageVariables: { env: 'local' },
  };
  const httpApi: ApiDef = { logicalId: 'HttpApi', kind: 'HTTP', stage: '$default', apiId: 'httpapi001', apiKeyRequired: false, authorizers: [], binaryMediaTypes: [], stageVariables: {} };
  return {
    ...emptyModel(),
    functions: [
      fixtureFunction('Echo', 'echo'),
      fixtureFunction('Mirror', 'mirror'),
      fixtureFunction('Throws', 'throws'),
      fixtureFunction('Malformed', 'malformed'),
      fixtureFunction('Sleeps', 'sleeps', { timeout: 1 }),
      fixtureFunction('Auth', 'authorizer', { environment: { COUNT_URL: signals.countUrl('auth') } }),
      fixtureFunction('Stream', 'streamWithGate'),
      fixtureFunction('StreamAbort', 'streamUntilAborted'),
    ],
    apis: [restApi, httpApi],
    routes: [
      restRoute('Echo', 'GET', '/items/{id}'),
      restRoute('Echo', 'GET', '/items/special'),
      restRoute('Echo', 'ANY', '/proxy/{proxy+}'),
      restRoute('Echo', 'POST', '/keyed', { apiKeyRequired: true }),
      restRoute('Echo', 'GET', '/secure', { authorizer: 'TokenAuth' }),
      restRoute('Echo', 'POST', '/secure', { authorizer: 'TokenAuth' }),
      restRoute('Mirror', 'POST', '/binary'),
      restRoute('Throws', 'GET', '/throws'),
      restRoute('Malformed', 'GET', '/malformed'),
      restRoute('Sleeps', 'GET', '/sleeps'),
      { apiLogicalId: 'HttpApi', functionLogicalId: 'Echo', method: 'GET', path: '/v2/items/{id}', apiKeyRequired: false, payloadFormatVersion: '2.0', eventId: 'V2' },
    ],
    functionUrls: [
      { functionLogicalId: 'Stream', invokeMode: 'RESPONSE_STREAM', authType: 'NONE' },
      { functionLogicalId: 'StreamAbort', invokeMode: 'RESPONSE_STREAM', authType: 'NONE' },
    ],
  };
}

/** Same keys as the sample, each holding the same JSON kind (null counts as any kind). */
function expectSameShape(actual: unknown, sample: unknown, path = '$'): void {
  if (sample === null || actual === null) return;
  expect(typeof actual, path).toBe(typeof sample);
  if (typeof sample !== 'object') return;
  expect(Array.isArray(actual), path).toBe(Array.isArray(sample));
  if (Array.isArray(sample)) return;
  for (const key of Object.keys(sample as object)) {
    // Header and parameter maps hold whatever the request carried.
    if (['headers', 'multiValueHeaders', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'stageVariables', 'authorizer'].includes(key)) continue;
    expect(actual as object, `${path}.${key}`).toHaveProperty([key]);
    expectSameShape((actual as Record<string, unknown>)[key], (sample as Record<string, unknown>)[key], `${path}.${key}`);
  }
}

describe('gateway over real sockets with the real runtime', () => {
  let buildDir: string;
  let runtime: LocalLambdaRuntime;
  let gateway: RunningGateway;
  let api: string;
  const signals = new SignalServer();
  const logLines: string[] = [];
  const reports: InvocationReport[] = [];

  beforeAll(async () => {
    await signals.listen();
    buildDir = await mkdtemp(join(tmpdir(), 'gateway-it-'));
    const model = buildModel(signals);
    runtime = await createLambdaRuntime(model, { buildDir, log: () => {}, observer: { started: () => undefined, finished: (report) => reports.push(report) } });
    gateway = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys: [API_KEY], log: (line) => logLines.push(line) });
    api = gateway.apiUrl;
  });

  afterAll(async () => {
    await gateway?.close();
    await runtime?.close();
    await signals.close();
    await rm(buildDir, { recursive: true, force: true });
  });

  describe('routing and events', () => {
    it('routes exact, parameterised and greedy paths with their parameters', async () => {
      const exact = (await (await fetch(`${api}/items/special`)).json()) as APIGatewayProxyEvent;
      expect(exact.resource).toBe('/items/special');
      const param = (await (await fetch(`${api}/items/42?x=1&x=2`)).json()) as APIGatewayProxyEvent;
      expect(param.pathParameters).toEqual({ id: '42' });
      expect(param.multiValueQueryStringParameters).toEqual({ x: ['1', '2'] });
      const greedy = (await (await fetch(`${api}/proxy/a/b/c`, { method: 'PATCH', body: 'x' })).json()) as APIGatewayProxyEvent;
      expect(greedy.pathParameters).toEqual({ proxy: 'a/b/c' });
      expect(greedy.httpMethod).toBe('PATCH');
    });

    it('tells the runtime which route invoked the function (its method and resource path, for the console)', async () => {
      const response = await fetch(`${api}/items/42`);
      expect(response.status).toBe(200);
      const v2 = await fetch(`${api}/v2/items/7`);
      expect(v2.status).toBe(200);
      const triggers = reports.filter((report) => report.functionId === 'Echo').map((report) => report.trigger);
      expect(triggers).toContainEqual({ kind: 'route', name: 'GET /items/{id}' });
      expect(triggers).toContainEqual({ kind: 'route', name: 'GET /v2/items/{id}' });
    });

    it('builds a REST v1 event of the sample event\'s shape', async () => {
      const sample = JSON.parse(await readFile(new URL('../../events/chat-post.json', import.meta.url), 'utf8')) as unknown;
      const res = await fetch(`${api}/proxy/chat?foo=bar`, { method: 'POST', body: '{"message":"Hello"}', headers: { 'content-type': 'application/json', 'user-agent': 'it-test' } });
      const event = (await res.json()) as APIGatewayProxyEvent;
      expectSameShape(event, sample);
      expect(event.requestContext.accountId).toBe('000000000000');
      expect(event.requestContext.apiId).toBe(REST_API_ID);
      expect(event.requestContext.stage).toBe('Prod');
      expect(event.requestContext.path).toBe('/Prod/proxy/chat');
      expect(event.requestContext.identity.userAgent).toBe('it-test');
      expect(event.stageVariables).toEqual({ env: 'local' });
      expect(event.body).toBe('{"message":"Hello"}');
      expect(res.headers.get('x-amzn-requestid')).toBe(event.requestContext.requestId);
      expect(res.headers.get('x-amz-apigw-id')).toBe(event.requestContext.extendedRequestId);
    });

    it('builds an HTTP API v2 event of the sample event\'s shape', async () => {
      const sample = JSON.parse(await readFile(new URL('../fixtures/gateway/payload-v2-event.json', import.meta.url), 'utf8')) as Record<string, unknown>;
      delete sample.body;
      const event = (await (await fetch(`${api}/v2/items/7?q=a`, { headers: { cookie: 'a=1' } })).json()) as APIGatewayProxyEventV2;
      expectSameShape(event, sample);
      expect(event.version).toBe('2.0');
      expect(event.routeKey).toBe('GET /v2/items/{id}');
      expect(event.pathParameters).toEqual({ id: '7' });
      expect(event.cookies).toEqual(['a=1']);
    });

    it('answers an unknown route 403 Missing Authentication Token', async () => {
      const res = await fetch(`${api}/nowhere`);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ message: 'Missing Authentication Token' });
      expect(res.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    });

    it('answers an unknown HTTP API route 404 Not Found, though the REST API shares the port', async () => {
      const res = await fetch(`${api}/v2/nowhere`);
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ message: 'Not Found' });
      const onItsHost = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${api}/nowhere`, { headers: { host: 'httpapi001.execute-api.us-east-1.amazonaws.com' } }, (answer) => {
          answer.resume();
          resolve(answer.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
      expect(onItsHost).toBe(404);
    });

    it('writes one access-log line per request', async () => {
      const res = await fetch(`${api}/items/log-me`);
      const requestId = res.headers.get('x-amzn-requestid');
      await res.arrayBuffer();
      await new Promise((resolve) => setImmediate(resolve));
      expect(logLines.filter((line) => line.includes(requestId ?? 'none'))).toEqual([expect.stringMatching(/^GET \/items\/log-me 200 [\d.]+ms /)]);
    });
  });

  describe('API keys', () => {
    it('403 Forbidden without or with a wrong key, the key id in the event with the right one', async () => {
      for (const headers of [{}, { 'x-api-key': 'nope' }] as Record<string, string>[]) {
        const res = await fetch(`${api}/keyed`, { method: 'POST', headers });
        expect(res.status).toBe(403);
        expect(await res.json()).toEqual({ message: 'Forbidden' });
      }
      const ok = await fetch(`${api}/keyed`, { method: 'POST', headers: { 'x-api-key': API_KEY.value } });
      expect(ok.status).toBe(200);
      expect(((await ok.json()) as APIGatewayProxyEvent).requestContext.identity.apiKeyId).toBe(API_KEY.id);
    });
  });

  describe('Lambda authorizer', () => {
    it('401 without a token, never invoking the authorizer', async () => {
      const before = signals.count('auth');
      const res = await fetch(`${api}/secure`);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ message: 'Unauthorized' });
      expect(signals.count('auth')).toBe(before);
    });

    it('401 when the authorizer throws Unauthorized; 403 on an explicit deny', async () => {
      expect((await fetch(`${api}/secure`, { headers: { authorization: 'Bearer unauthorized' } })).status).toBe(401);
      const denied = await fetch(`${api}/secure`, { headers: { authorization: 'Bearer deny' } });
      expect(denied.status).toBe(403);
      expect(await denied.json()).toEqual({ Message: 'User is not authorized to access this resource with an explicit deny' });
    });

    it('allows, passes the context, and caches the policy per token across method ARNs', async () => {
      const before = signals.count('auth');
      const first = await fetch(`${api}/secure`, { headers: { authorization: 'Bearer allow-get' } });
      expect(first.status).toBe(200);
      const event = (await first.json()) as APIGatewayProxyEvent;
      expect(event.requestContext.authorizer).toMatchObject({ principalId: 'user-allow-get', userId: 'u-allow-get', tier: '2' });
      expect((await fetch(`${api}/secure`, { headers: { authorization: 'Bearer allow-get' } })).status).toBe(200);
      // The cached policy allows GET only: POST is denied without asking the authorizer again.
      expect((await fetch(`${api}/secure`, { method: 'POST', headers: { authorization: 'Bearer allow-get' } })).status).toBe(403);
      expect(signals.count('auth') - before).toBe(1);
    });
  });

  describe('CORS, binary bodies, failures and limits', () => {
    it('answers the preflight from the template without invoking a function', async () => {
      const res = await fetch(`${api}/keyed`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-allow-methods')).toBe('GET,POST');
      expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type,Authorization,X-Api-Key');
    });

    it('passes a binary media type base64-encoded and returns the bytes', async () => {
      const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0xfe]);
      const res = await fetch(`${api}/binary`, { method: 'POST', body: png, headers: { 'content-type': 'image/png', accept: 'image/png' } });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).equals(png)).toBe(true);
    });

    it('502 when the handler throws, with the stack in the log only', async () => {
      const res = await fetch(`${api}/throws`);
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ message: 'Internal server error' });
      expect(text).not.toContain('exploded');
      await new Promise((resolve) => setImmediate(resolve));
      expect(logLines.some((line) => line.includes('handler exploded'))).toBe(true);
    });

    it('502 on a malformed proxy result', async () => {
      const res = await fetch(`${api}/malformed`);
      expect(res.status).toBe(502);
      expect(res.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
    });

    it('502 Internal server error when the function runs past its own Timeout (a function error on AWS)', async () => {
      const res = await fetch(`${api}/sleeps`);
      expect(res.status).toBe(502);
      expect(res.headers.get('x-amzn-errortype')).toBe('InternalServerErrorException');
      expect(await res.json()).toEqual({ message: 'Internal server error' });
    });

    it('413 for a body over 10 MB', async () => {
      const res = await fetch(`${api}/binary`, { method: 'POST', body: Buffer.alloc(10 * 1024 * 1024 + 1), headers: { 'content-type': 'application/octet-stream' } });
      expect(res.status).toBe(413);
      expect(res.headers.get('x-amzn-errortype')).toBeTruthy();
    });
  });

  describe('Function URL response streaming', () => {
    it('delivers the first chunk before the handler has finished', async () => {
      const url = `${gateway.functionUrls.Stream}?gate=${encodeURIComponent(signals.gateUrl('stream-1'))}`;
      const res = await fetch(url, { method: 'POST' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/event-stream');
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      let received = '';
      while (!received.includes('data: one\n\n')) {
        const { value, done } = await reader.read();
        expect(done).toBe(false);
        received += decoder.decode(value, { stream: true });
      }
      // The handler is still waiting at the gate: only now may it go on.
      expect(received).toBe('data: one\n\n');
      signals.open('stream-1');
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        received += decoder.decode(value, { stream: true });
      }
      expect(received).toBe('data: one\n\ndata: two\n\n');
    });

    it('a client disconnect reaches the handler', async () => {
      const report = signals.report('abort-1');
      const url = new URL(`${gateway.functionUrls.StreamAbort}?report=${encodeURIComponent(report.url)}`);
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(url, { method: 'GET' }, (res) => {
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => (req.destroyed ? undefined : reject(error)));
        req.end();
      });
      const seen = await report.received;
      expect(seen.get('destroyed')).toBe('true');
    });
  });
});
