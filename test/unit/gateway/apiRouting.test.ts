import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildApiApp } from '../../../local/gateway/apiApp.js';
import { apiDef, fakeRuntime, model, routeDef } from './gatewayTestModel.js';

function echo(event: unknown): unknown {
  return { statusCode: 200, body: JSON.stringify(event) };
}

describe('API routing (inject)', () => {
  const routes = [
    routeDef({ functionLogicalId: 'Exact', method: 'GET', path: '/items/special' }),
    routeDef({ functionLogicalId: 'Param', method: 'GET', path: '/items/{id}' }),
    routeDef({ functionLogicalId: 'Greedy', method: 'ANY', path: '/{proxy+}' }),
    routeDef({ functionLogicalId: 'Post', method: 'POST', path: '/items' }),
  ];
  const runtime = fakeRuntime({ Exact: echo, Param: echo, Greedy: echo, Post: echo });
  const app = buildApiApp(model({ routes }), runtime, { apiKeys: [] });

  it('prefers exact over parameterised over greedy', async () => {
    const exact = await app.inject({ method: 'GET', url: '/items/special' });
    expect((JSON.parse(exact.body) as APIGatewayProxyEvent).resource).toBe('/items/special');
    const param = await app.inject({ method: 'GET', url: '/items/42' });
    const paramEvent = JSON.parse(param.body) as APIGatewayProxyEvent;
    expect(paramEvent.resource).toBe('/items/{id}');
    expect(paramEvent.pathParameters).toEqual({ id: '42' });
    const greedy = await app.inject({ method: 'DELETE', url: '/a/b/c?x=1' });
    const greedyEvent = JSON.parse(greedy.body) as APIGatewayProxyEvent;
    expect(greedyEvent.resource).toBe('/{proxy+}');
    expect(greedyEvent.pathParameters).toEqual({ proxy: 'a/b/c' });
    expect(greedyEvent.httpMethod).toBe('DELETE');
  });

  it('answers an unknown route with REST\'s 403 Missing Authentication Token', async () => {
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toBe('{"message":"Missing Authentication Token"}');
    expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(res.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-amz-apigw-id']).toBeTruthy();
  });

  it('answers a known path with an undeclared method with 403 too', async () => {
    const onlyGet = buildApiApp(model({ routes: [routeDef({ method: 'GET', path: '/only' })] }), fakeRuntime({ Fn: echo }), { apiKeys: [] });
    const res = await onlyGet.inject({ method: 'POST', url: '/only' });
    expect(res.statusCode).toBe(403);
    expect(res.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
  });

  it('HTTP APIs answer an unknown route with 404 Not Found', async () => {
    const http = buildApiApp(
      model({ apis: [apiDef({ kind: 'HTTP', stage: '$default' })], routes: [routeDef({ path: '/x', payloadFormatVersion: '2.0' })] }),
      fakeRuntime({ Fn: echo }),
      { apiKeys: [] },
    );
    const res = await http.inject({ method: 'GET', url: '/nope' });
    expect(res.statusCode).toBe(404);
    expect(res.body).toBe('{"message":"Not Found"}');
  });

  describe('a template with both a REST API and an HTTP API on one port', () => {
    // Prepare: SAM's implicit APIs, as `Type: Api` and `Type: HttpApi` events create them.
    const both = buildApiApp(
      model({
        apis: [
          apiDef({ logicalId: 'ServerlessRestApi', kind: 'REST', stage: 'Prod', apiId: 'restapi001' }),
          apiDef({ logicalId: 'ServerlessHttpApi', kind: 'HTTP', stage: '$default', apiId: 'httpapi001' }),
        ],
        routes: [
          routeDef({ apiLogicalId: 'ServerlessRestApi', method: 'POST', path: '/chat' }),
          routeDef({ apiLogicalId: 'ServerlessRestApi', method: 'GET', path: '/tasks/{id}' }),
          routeDef({ apiLogicalId: 'ServerlessHttpApi', method: 'GET', path: '/v2/items/{id}', payloadFormatVersion: '2.0' }),
        ],
      }),
      fakeRuntime({ Fn: echo }),
      { apiKeys: [] },
    );

    it.each([
      ['an unknown path under an HTTP API route\'s prefix', '/v2/unknown', {}, 404, '{"message":"Not Found"}'],
      ['an unknown HTTP API route asked on its host', '/nowhere', { host: 'httpapi001.execute-api.us-east-1.amazonaws.com' }, 404, '{"message":"Not Found"}'],
      ['an unknown path under a REST route\'s prefix', '/tasks/1/extra', {}, 403, '{"message":"Missing Authentication Token"}'],
      ['an unknown REST route asked on its host', '/v2/unknown', { host: 'restapi001.execute-api.us-east-1.amazonaws.com' }, 403, '{"message":"Missing Authentication Token"}'],
      ['a path under the REST stage', '/Prod/unknown', {}, 403, '{"message":"Missing Authentication Token"}'],
      ['a path no API claims (REST by default)', '/nothing', {}, 403, '{"message":"Missing Authentication Token"}'],
    ])('%s: answered in that API\'s dialect', async (_name, url, headers, status, body) => {
      // Act
      const res = await both.inject({ method: 'GET', url, headers });
      // Assess
      expect(res.statusCode).toBe(status);
      expect(res.body).toBe(body);
    });

    it('a REST route asked on the HTTP API\'s host is not served: that API answers 404, as on AWS', async () => {
      const onHttpHost = await both.inject({ method: 'POST', url: '/chat', headers: { host: 'httpapi001.execute-api.us-east-1.amazonaws.com' } });
      const onRestHost = await both.inject({ method: 'POST', url: '/chat', headers: { host: 'restapi001.execute-api.us-east-1.amazonaws.com' } });
      expect([onHttpHost.statusCode, onHttpHost.body]).toEqual([404, '{"message":"Not Found"}']);
      expect(onRestHost.statusCode).toBe(200);
    });

    it('a known HTTP API path with an undeclared method answers 404, a known REST path 403', async () => {
      expect((await both.inject({ method: 'DELETE', url: '/v2/items/1' })).statusCode).toBe(404);
      expect((await both.inject({ method: 'DELETE', url: '/chat' })).statusCode).toBe(403);
    });
  });

  it('HTTP API $default catches every path with a v2 event', async () => {
    const http = buildApiApp(
      model({ apis: [apiDef({ kind: 'HTTP', stage: '$default' })], routes: [routeDef({ method: 'ANY', path: '$default', payloadFormatVersion: '2.0' })] }),
      fakeRuntime({ Fn: (event) => ({ statusCode: 200, body: JSON.stringify(event) }) }),
      { apiKeys: [] },
    );
    const res = await http.inject({ method: 'PUT', url: '/any/where?a=1&a=2', headers: { cookie: 'a=1; b=2' } });
    const event = JSON.parse(res.body) as APIGatewayProxyEventV2;
    expect(event.routeKey).toBe('$default');
    expect(event.rawPath).toBe('/any/where');
    expect(event.rawQueryString).toBe('a=1&a=2');
    expect(event.queryStringParameters).toEqual({ a: '1,2' });
    expect(event.cookies).toEqual(['a=1', 'b=2']);
    expect(event.headers.cookie).toBeUndefined();
  });

  it('lets an explicit method beat ANY on the same path', async () => {
    const app2 = buildApiApp(
      model({ routes: [routeDef({ functionLogicalId: 'Any', method: 'ANY', path: '/p' }), routeDef({ functionLogicalId: 'Get', method: 'GET', path: '/p' })] }),
      fakeRuntime({ Any: () => ({ statusCode: 200, body: 'any' }), Get: () => ({ statusCode: 200, body: 'get' }) }),
      { apiKeys: [] },
    );
    expect((await app2.inject({ method: 'GET', url: '/p' })).body).toBe('get');
    expect((await app2.inject({ method: 'POST', url: '/p' })).body).toBe('any');
  });

  it('does not match a greedy route on its bare prefix', async () => {
    const app2 = buildApiApp(model({ routes: [routeDef({ method: 'GET', path: '/files/{path+}' })] }), fakeRuntime({ Fn: echo }), { apiKeys: [] });
    expect((await app2.inject({ method: 'GET', url: '/files' })).statusCode).toBe(403);
    const hit = await app2.inject({ method: 'GET', url: '/files/a/b.txt' });
    expect((JSON.parse(hit.body) as APIGatewayProxyEvent).pathParameters).toEqual({ path: 'a/b.txt' });
  });
});
