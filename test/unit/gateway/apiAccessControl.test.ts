import type { APIGatewayProxyEvent, APIGatewayProxyEventV2WithLambdaAuthorizer, APIGatewayRequestAuthorizerEvent, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildApiApp } from '../../../local/gateway/apiApp.js';
import { allowPolicy, apiDef, fakeRuntime, model, routeDef, tokenAuthorizer } from './gatewayTestModel.js';

const KEY = { id: 'key-id-1', value: 'local-key-value' };
const echo = (event: unknown): unknown => ({ statusCode: 200, body: JSON.stringify(event) });

describe('API keys and usage plans (inject)', () => {
  it('403s a missing or wrong key and passes the key into the identity', async () => {
    const app = buildApiApp(model({ routes: [routeDef({ apiKeyRequired: true })] }), fakeRuntime({ Fn: echo }), { apiKeys: [KEY] });
    for (const headers of [{}, { 'x-api-key': 'wrong' }]) {
      const res = await app.inject({ method: 'GET', url: '/hello', headers });
      expect(res.statusCode).toBe(403);
      expect(res.body).toBe('{"message":"Forbidden"}');
      expect(res.headers['x-amzn-errortype']).toBe('ForbiddenException');
    }
    const ok = await app.inject({ method: 'GET', url: '/hello', headers: { 'x-api-key': KEY.value } });
    const event = JSON.parse(ok.body) as APIGatewayProxyEvent;
    expect(event.requestContext.identity.apiKey).toBe(KEY.value);
    expect(event.requestContext.identity.apiKeyId).toBe(KEY.id);
  });

  it('throttles beyond the burst with 429 Too Many Requests', async () => {
    const api = apiDef({ usagePlan: { throttle: { burstLimit: 2, rateLimit: 0.001 } } });
    const app = buildApiApp(model({ apis: [api], routes: [routeDef({ apiKeyRequired: true })] }), fakeRuntime({ Fn: echo }), { apiKeys: [KEY] });
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await app.inject({ method: 'GET', url: '/hello', headers: { 'x-api-key': KEY.value } })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const res = await app.inject({ method: 'GET', url: '/hello', headers: { 'x-api-key': KEY.value } });
    expect(res.body).toBe('{"message":"Too Many Requests"}');
  });

  it('answers 429 Limit Exceeded past the quota', async () => {
    const api = apiDef({ usagePlan: { quota: { limit: 1, period: 'DAY' } } });
    const app = buildApiApp(model({ apis: [api], routes: [routeDef({ apiKeyRequired: true })] }), fakeRuntime({ Fn: echo }), { apiKeys: [KEY] });
    expect((await app.inject({ method: 'GET', url: '/hello', headers: { 'x-api-key': KEY.value } })).statusCode).toBe(200);
    const res = await app.inject({ method: 'GET', url: '/hello', headers: { 'x-api-key': KEY.value } });
    expect(res.statusCode).toBe(429);
    expect(res.body).toBe('{"message":"Limit Exceeded"}');
  });
});

describe('Lambda authorizers (inject)', () => {
  function tokenApp(authorize: (event: APIGatewayTokenAuthorizerEvent) => unknown, overrides: Parameters<typeof tokenAuthorizer>[0] = {}) {
    const runtime = fakeRuntime({ Fn: echo, Auth: (e) => authorize(e as APIGatewayTokenAuthorizerEvent) });
    const api = apiDef({ authorizers: [tokenAuthorizer(overrides)] });
    const app = buildApiApp(
      model({ apis: [api], routes: [routeDef({ method: 'GET', path: '/hello', authorizer: 'TokenAuth' }), routeDef({ method: 'POST', path: '/hello', authorizer: 'TokenAuth' })] }),
      runtime,
      { apiKeys: [] },
    );
    const authCalls = () => runtime.calls.filter((c) => c.functionId === 'Auth').length;
    return { app, authCalls };
  }

  it('401s a missing token without invoking the authorizer', async () => {
    const { app, authCalls } = tokenApp(() => allowPolicy('*'));
    const res = await app.inject({ method: 'GET', url: '/hello' });
    expect(res.statusCode).toBe(401);
    expect(res.body).toBe('{"message":"Unauthorized"}');
    expect(res.headers['x-amzn-errortype']).toBe('UnauthorizedException');
    expect(authCalls()).toBe(0);
  });

  it('401s a token failing the validation expression without invoking', async () => {
    const { app, authCalls } = tokenApp(() => allowPolicy('*'), { validationExpression: 'Bearer [a-z]+' });
    expect((await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'Bearer 123' } })).statusCode).toBe(401);
    expect(authCalls()).toBe(0);
    expect((await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'Bearer abc' } })).statusCode).toBe(200);
  });

  it('sends the TOKEN event, allows, and passes principalId and context (as strings) to the function', async () => {
    let seen: APIGatewayTokenAuthorizerEvent | undefined;
    const { app } = tokenApp((event) => {
      seen = event;
      return allowPolicy('arn:aws:execute-api:us-east-1:000000000000:abc123defg/Prod/*', 'user-7', { userId: 'u7', admin: true, n: 3 });
    });
    const res = await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'Bearer tok' } });
    expect(res.statusCode).toBe(200);
    expect(seen).toEqual({ type: 'TOKEN', methodArn: 'arn:aws:execute-api:us-east-1:000000000000:abc123defg/Prod/GET/hello', authorizationToken: 'Bearer tok' });
    const event = JSON.parse(res.body) as APIGatewayProxyEvent;
    expect(event.requestContext.authorizer).toMatchObject({ principalId: 'user-7', userId: 'u7', admin: 'true', n: '3' });
    expect(typeof event.requestContext.authorizer?.integrationLatency).toBe('number');
  });

  it('403s when the policy does not allow the method ARN', async () => {
    const { app } = tokenApp(() => allowPolicy('arn:aws:execute-api:us-east-1:000000000000:abc123defg/Prod/GET/*'));
    expect((await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 't' } })).statusCode).toBe(200);
    const res = await app.inject({ method: 'POST', url: '/hello', headers: { authorization: 't' } });
    expect(res.statusCode).toBe(403);
    expect(res.body).toBe('{"Message":"User is not authorized to access this resource"}');
    expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  it('403s an explicit Deny with AWS\'s explicit-deny wording, even when an Allow also matches', async () => {
    // Prepare
    const arn = 'arn:aws:execute-api:us-east-1:000000000000:abc123defg/Prod/';
    const { app } = tokenApp(() => ({
      principalId: 'user',
      policyDocument: {
        Version: '2012-10-17',
        Statement: [
          { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: `${arn}*` },
          { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: `${arn}POST/hello` },
        ],
      },
    }));
    // Act
    const allowed = await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 't' } });
    const denied = await app.inject({ method: 'POST', url: '/hello', headers: { authorization: 't' } });
    // Assess
    expect(allowed.statusCode).toBe(200);
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toBe('{"Message":"User is not authorized to access this resource with an explicit deny"}');
    expect(denied.headers['x-amzn-errortype']).toBe('AccessDeniedException');
  });

  it('414s a request whose method ARN passes 1,600 bytes, without invoking the authorizer', async () => {
    // Prepare: a route with a greedy parameter, so the path (and the ARN) can grow.
    const runtime = fakeRuntime({ Fn: echo, Auth: () => allowPolicy('*') });
    const app = buildApiApp(
      model({ apis: [apiDef({ authorizers: [tokenAuthorizer()] })], routes: [routeDef({ method: 'GET', path: '/files/{proxy+}', authorizer: 'TokenAuth' })] }),
      runtime,
      { apiKeys: [] },
    );
    const prefix = 'arn:aws:execute-api:us-east-1:000000000000:abc123defg/Prod/GET/files/';
    const fits = 'a'.repeat(1600 - prefix.length);
    // Act
    const atLimit = await app.inject({ method: 'GET', url: `/files/${fits}`, headers: { authorization: 't' } });
    const over = await app.inject({ method: 'GET', url: `/files/${fits}b`, headers: { authorization: 't' } });
    // Assess
    expect(atLimit.statusCode).toBe(200);
    expect(over.statusCode).toBe(414);
    expect(over.body).toBe('{"message":"Request URI too long"}');
    expect(runtime.calls.filter((c) => c.functionId === 'Auth')).toHaveLength(1);
  });

  it('caches the policy per token and evaluates it against each method ARN', async () => {
    const { app, authCalls } = tokenApp(() => allowPolicy('arn:aws:execute-api:us-east-1:000000000000:abc123defg/Prod/GET/*'));
    await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'a' } });
    await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'a' } });
    const denied = await app.inject({ method: 'POST', url: '/hello', headers: { authorization: 'a' } });
    expect(denied.statusCode).toBe(403);
    expect(authCalls()).toBe(1);
    await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'b' } });
    expect(authCalls()).toBe(2);
  });

  it('does not cache with a TTL of 0', async () => {
    const { app, authCalls } = tokenApp(() => allowPolicy('*'), { resultTtlInSeconds: 0 });
    await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'a' } });
    await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'a' } });
    expect(authCalls()).toBe(2);
  });

  it('401s when the authorizer throws Unauthorized; 500 {"message":null} for other errors and malformed answers', async () => {
    const unauthorized = tokenApp(() => {
      throw new Error('Unauthorized');
    });
    expect((await unauthorized.app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'a' } })).statusCode).toBe(401);
    const broken = tokenApp(() => {
      throw new Error('db down');
    });
    const res = await broken.app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'a' } });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('{"message":null}');
    expect(res.headers['x-amzn-errortype']).toBe('AuthorizerConfigurationException');
    for (const answer of [{ principalId: 'x' }, { policyDocument: {} }, 'allow', { ...(allowPolicy('*') as object), context: { nested: { a: 1 } } }]) {
      const malformed = tokenApp(() => answer);
      expect((await malformed.app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'a' } })).statusCode).toBe(500);
    }
  });

  it('REQUEST authorizer: 401 when an identity source is missing, the request event otherwise', async () => {
    let seen: APIGatewayRequestAuthorizerEvent | undefined;
    const runtime = fakeRuntime({
      Fn: echo,
      Auth: (e) => {
        seen = e as APIGatewayRequestAuthorizerEvent;
        return allowPolicy('*');
      },
    });
    const api = apiDef({
      authorizers: [
        { name: 'Req', type: 'REQUEST', functionLogicalId: 'Auth', identitySources: ['method.request.header.X-Token', 'method.request.querystring.tenant'], resultTtlInSeconds: 300 },
      ],
    });
    const app = buildApiApp(model({ apis: [api], routes: [routeDef({ authorizer: 'Req' })] }), runtime, { apiKeys: [] });
    expect((await app.inject({ method: 'GET', url: '/hello', headers: { 'x-token': 't' } })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/hello?tenant=acme' })).statusCode).toBe(401);
    expect(seen).toBeUndefined();
    const res = await app.inject({ method: 'GET', url: '/hello?tenant=acme', headers: { 'x-token': 't' } });
    expect(res.statusCode).toBe(200);
    expect(seen?.type).toBe('REQUEST');
    expect(seen?.methodArn).toBe('arn:aws:execute-api:us-east-1:000000000000:abc123defg/Prod/GET/hello');
    expect(seen?.queryStringParameters).toEqual({ tenant: 'acme' });
    expect(seen?.resource).toBe('/hello');
  });

  it('HTTP API simple responses: isAuthorized and context.lambda', async () => {
    const runtime = fakeRuntime({
      Fn: (event) => ({ statusCode: 200, body: JSON.stringify(event) }),
      Auth: (e) => {
        const event = e as { headers: Record<string, string> };
        return { isAuthorized: event.headers.authorization === 'good', context: { user: 'u1', level: 2 } };
      },
    });
    const api = apiDef({
      kind: 'HTTP',
      stage: '$default',
      authorizers: [
        { name: 'Simple', type: 'REQUEST', functionLogicalId: 'Auth', identitySources: ['$request.header.Authorization'], resultTtlInSeconds: 0, enableSimpleResponses: true, payloadFormatVersion: '2.0' },
      ],
    });
    const app = buildApiApp(model({ apis: [api], routes: [routeDef({ authorizer: 'Simple', payloadFormatVersion: '2.0' })] }), runtime, { apiKeys: [] });
    expect((await app.inject({ method: 'GET', url: '/hello' })).statusCode).toBe(401);
    const denied = await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'bad' } });
    expect(denied.statusCode).toBe(403);
    expect(denied.body).toBe('{"message":"Forbidden"}');
    const ok = await app.inject({ method: 'GET', url: '/hello', headers: { authorization: 'good' } });
    const event = JSON.parse(ok.body) as APIGatewayProxyEventV2WithLambdaAuthorizer<{ user: string; level: number }>;
    expect(event.requestContext.authorizer.lambda).toEqual({ user: 'u1', level: 2 });
  });
});

describe('CORS (inject)', () => {
  const cors = { allowOrigins: ['https://app.example'], allowMethods: ['GET', 'POST'], allowHeaders: ['Content-Type', 'X-Api-Key'], exposeHeaders: ['X-Req'], maxAge: 600, allowCredentials: false };

  it('REST: the gateway answers the preflight without invoking, and leaves responses alone', async () => {
    const runtime = fakeRuntime({ Fn: () => ({ statusCode: 200, body: 'x' }) });
    const app = buildApiApp(model({ apis: [apiDef({ cors })], routes: [routeDef({ method: 'POST', path: '/chat', apiKeyRequired: true })] }), runtime, { apiKeys: [KEY] });
    const res = await app.inject({ method: 'OPTIONS', url: '/chat', headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['access-control-allow-methods']).toBe('GET,POST');
    expect(res.headers['access-control-allow-headers']).toBe('Content-Type,X-Api-Key');
    expect(res.headers['access-control-max-age']).toBe('600');
    expect(runtime.calls).toHaveLength(0);
  });

  it('HTTP API: preflight 204 and CORS headers on responses for allowed origins only', async () => {
    const runtime = fakeRuntime({ Fn: () => ({ statusCode: 200, body: 'x' }) });
    const app = buildApiApp(model({ apis: [apiDef({ kind: 'HTTP', stage: '$default', cors })], routes: [routeDef({ method: 'GET', path: '/r', payloadFormatVersion: '2.0' })] }), runtime, { apiKeys: [] });
    const pre = await app.inject({ method: 'OPTIONS', url: '/r', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('https://app.example');
    const res = await app.inject({ method: 'GET', url: '/r', headers: { origin: 'https://app.example' } });
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(res.headers['access-control-expose-headers']).toBe('X-Req');
    const other = await app.inject({ method: 'GET', url: '/r', headers: { origin: 'https://evil.example' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
