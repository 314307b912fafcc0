import { describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { parseQueryString, toGatewayRequest } from '../../../local/gateway/gatewayRequest.js';
import { buildHttpApiEvent } from '../../../local/gateway/httpApiEvent.js';
import { buildRestEvent, restEventJson } from '../../../local/gateway/restEvent.js';
import { isTextContentType, createBinaryMediaMatcher } from '../../../local/gateway/mediaTypes.js';
import { mapRestProxyResult, mapV2ProxyResult } from '../../../local/gateway/proxyResult.js';
import { UsagePlanLimiter, quotaPeriodStart } from '../../../local/gateway/usagePlanLimiter.js';

function incoming(method: string, rawHeaders: string[]): IncomingMessage {
  return { method, rawHeaders, socket: { remoteAddress: '::ffff:127.0.0.1' } } as unknown as IncomingMessage;
}

describe('event builders', () => {
  const request = toGatewayRequest(
    incoming('POST', ['Host', 'localhost:3000', 'User-Agent', 'ua/1', 'X-Multi', 'a', 'X-Multi', 'b', 'Cookie', 'c1=1; c2=2', 'Content-Type', 'application/json']),
    '/items/a%20b?x=1&x=2&y=',
    Buffer.from('{"k":1}'),
    { id: 'a b' },
  );

  it('REST v1: multi-value headers and query strings, /<stage> in the context path, null maps when empty', () => {
    const event = buildRestEvent(
      request,
      { apiId: 'api1', stage: 'Prod', resource: '/items/{id}', stageVariables: null, binaryBody: false, resourceId: 'abc123' },
      { apiKey: null, apiKeyId: null },
      null,
    );
    expect(event.path).toBe('/items/a b');
    expect(event.headers['X-Multi']).toBe('b');
    expect(event.multiValueHeaders['X-Multi']).toEqual(['a', 'b']);
    expect(event.queryStringParameters).toEqual({ x: '2', y: '' });
    expect(event.multiValueQueryStringParameters).toEqual({ x: ['1', '2'], y: [''] });
    expect(event.requestContext.path).toBe('/Prod/items/a b');
    expect(event.requestContext.identity.sourceIp).toBe('127.0.0.1');
    expect(event.requestContext.accountId).toBe('000000000000');
    expect(event.requestContext.requestTime).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(event.stageVariables).toBeNull();
    expect('authorizer' in event.requestContext).toBe(false);
    expect(event.body).toBe('{"k":1}');
  });

  it('REST v1 as JSON text: the very text of the object event, whatever the request carries', () => {
    const plain = toGatewayRequest(incoming('GET', ['host', 'h', 'X-Dup', '1', 'x-dup', '2', 'X-Dup', '3', '7', 'digits first']), '/', undefined, null);
    const binary = toGatewayRequest(incoming('PUT', ['Host', 'h', 'Content-Type', 'image/png', 'User-Agent', 'ua "quoted" \\ é']), '/p/%E2%9C%93?a=%22&a=b', Buffer.from([0, 1, 2, 255]), { id: '✓' });
    const cases = [
      [request, { apiId: 'api1', stage: 'Prod', resource: '/items/{id}', stageVariables: null, binaryBody: false, resourceId: 'abc123' }, { apiKey: null, apiKeyId: null }, null],
      [plain, { apiId: 'api2', stage: 'dev', resource: '/', stageVariables: { v: '1', w: 'x"y' }, binaryBody: false, resourceId: 'r1' }, { apiKey: 'k', apiKeyId: 'kid' }, { principalId: 'u', integrationLatency: 3, n: null, flag: 'true' }],
      [binary, { apiId: 'api3', stage: 'v1', resource: '/p/{id}', stageVariables: null, binaryBody: true, resourceId: 'r2', httpApiVersion: true }, { apiKey: null, apiKeyId: null }, {}],
      [binary, { apiId: 'api3', stage: 'v1', resource: '/p/{id}', stageVariables: null, binaryBody: false, resourceId: 'r2' }, { apiKey: null, apiKeyId: null }, null],
    ] as const;
    for (const [req, target, info, authorizer] of cases) {
      expect(restEventJson(req, target, info, authorizer)).toBe(JSON.stringify(buildRestEvent(req, target, info, authorizer)));
    }
  });

  it('v2: lower-cased comma-joined headers, cookies apart', () => {
    const event = buildHttpApiEvent(
      request,
      { apiId: 'api1', stage: '$default', routeKey: 'POST /items/{id}', stageVariables: null, domainName: 'localhost', domainPrefix: 'api1' },
      null,
    );
    expect(event.headers['x-multi']).toBe('a,b');
    expect(event.cookies).toEqual(['c1=1', 'c2=2']);
    expect(event.rawPath).toBe('/items/a%20b');
    expect(event.rawQueryString).toBe('x=1&x=2&y=');
    expect(event.queryStringParameters).toEqual({ x: '1,2', y: '' });
    expect(event.requestContext.http).toEqual({ method: 'POST', path: '/items/a b', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'ua/1' });
    expect(event.isBase64Encoded).toBe(false);
  });

  it('parses queries with +, %-escapes and bare keys', () => {
    expect([...parseQueryString('a=b+c&d%3D=%41&e')]).toEqual([['a', ['b c']], ['d=', ['A']], ['e', ['']]]);
  });
});

describe('media types', () => {
  it('matches binary media types with wildcards and SAM ~1 escapes', () => {
    const m = createBinaryMediaMatcher(['image~1*', 'application/pdf']);
    expect(m('image/png')).toBe(true);
    expect(m('application/pdf; charset=x')).toBe(true);
    expect(m('text/plain')).toBe(false);
    expect(m(undefined)).toBe(false);
  });

  it('knows textual content types', () => {
    expect(isTextContentType('application/json; charset=utf-8')).toBe(true);
    expect(isTextContentType('application/vnd.api+json')).toBe(true);
    expect(isTextContentType('image/png')).toBe(false);
  });
});

describe('proxy result mapping', () => {
  it('REST: base64 bodies are decoded only for binary media types', () => {
    const result = { statusCode: 200, headers: { 'content-type': 'image/png' }, body: Buffer.from('abc').toString('base64'), isBase64Encoded: true };
    expect(mapRestProxyResult(result, () => true)?.body).toEqual(Buffer.from('abc'));
    expect(mapRestProxyResult(result, () => false)?.body).toBe(result.body);
  });

  it('REST: multiValueHeaders win over headers of the same name', () => {
    const mapped = mapRestProxyResult({ statusCode: 200, headers: { 'X-A': '1' }, multiValueHeaders: { 'x-a': ['2', '3'] }, body: '' }, () => false);
    expect(mapped?.headers['x-a']).toEqual(['2', '3']);
  });

  it('v2: statusCode as a numeric string is accepted, a bad one is malformed', () => {
    expect(mapV2ProxyResult({ statusCode: '204' })?.status).toBe(204);
    expect(mapV2ProxyResult({ statusCode: 'abc' })).toBeUndefined();
  });

  it('rejects a response body over 6 MB', () => {
    expect(mapRestProxyResult({ statusCode: 200, body: 'x'.repeat(6 * 1024 * 1024 + 1) }, () => false)).toBeUndefined();
  });
});

describe('usage plan limiter', () => {
  it('refills the bucket at the rate', () => {
    let now = 0;
    const limiter = new UsagePlanLimiter({ throttle: { burstLimit: 1, rateLimit: 1 } }, () => now);
    expect(limiter.take('k')).toBe('ok');
    expect(limiter.take('k')).toBe('throttled');
    now = 1000;
    expect(limiter.take('k')).toBe('ok');
    expect(limiter.take('other')).toBe('ok');
  });

  it('resets the quota each period', () => {
    let now = Date.UTC(2025, 0, 1, 23, 59);
    const limiter = new UsagePlanLimiter({ quota: { limit: 1, period: 'DAY' } }, () => now);
    expect(limiter.take('k')).toBe('ok');
    expect(limiter.take('k')).toBe('quotaExceeded');
    now = Date.UTC(2025, 0, 2, 0, 1);
    expect(limiter.take('k')).toBe('ok');
  });

  it('computes week and month period starts with offsets', () => {
    const wed = Date.UTC(2025, 0, 8, 12); // a Wednesday
    expect(quotaPeriodStart('WEEK', 1, wed)).toBe(Date.UTC(2025, 0, 6));
    expect(quotaPeriodStart('MONTH', 0, wed)).toBe(Date.UTC(2025, 0, 1));
    expect(quotaPeriodStart('MONTH', 9, wed)).toBe(Date.UTC(2024, 11, 10));
  });
});
