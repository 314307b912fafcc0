import { describe, expect, it } from 'vitest';
import { buildApiApp } from '../../../local/gateway/apiApp.js';
import { apiDef, fakeRuntime, model, routeDef } from './gatewayTestModel.js';

describe('Lambda proxy integration results (inject)', () => {
  function appFor(handler: (event: unknown) => unknown, apiKind: 'REST' | 'HTTP' = 'REST', options: { restIntegrationTimeoutMs?: number } = {}) {
    const lines: string[] = [];
    const app = buildApiApp(
      model({
        apis: [apiDef({ kind: apiKind, stage: apiKind === 'HTTP' ? '$default' : 'Prod', binaryMediaTypes: ['image/png'] })],
        routes: [routeDef({ method: 'ANY', path: '/r', payloadFormatVersion: apiKind === 'HTTP' ? '2.0' : '1.0' })],
      }),
      fakeRuntime({ Fn: handler }),
      { apiKeys: [], log: (l) => lines.push(l), ...options },
    );
    return { app, lines };
  }

  it('maps statusCode, headers and multiValueHeaders', async () => {
    const { app } = appFor(() => ({
      statusCode: 201,
      headers: { 'X-One': 'a', 'Content-Type': 'text/plain' },
      multiValueHeaders: { 'Set-Cookie': ['a=1', 'b=2'] },
      body: 'created',
    }));
    const res = await app.inject({ method: 'POST', url: '/r' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-one']).toBe('a');
    expect(res.headers['content-type']).toBe('text/plain');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.body).toBe('created');
    expect(res.headers['x-amzn-requestid']).toBeTruthy();
  });

  it('defaults the REST content type to application/json', async () => {
    const { app } = appFor(() => ({ statusCode: 200, body: '{}' }));
    expect((await app.inject({ method: 'GET', url: '/r' })).headers['content-type']).toBe('application/json');
  });

  it('502s a thrown error and keeps the stack out of the response', async () => {
    const { app, lines } = appFor(() => {
      throw new Error('kaboom secret');
    });
    const res = await app.inject({ method: 'GET', url: '/r' });
    expect(res.statusCode).toBe(502);
    expect(res.body).toBe('{"message":"Internal server error"}');
    expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
    expect(res.body).not.toContain('kaboom');
    await new Promise((r) => setImmediate(r));
    expect(lines.join('\n')).toContain('kaboom secret');
  });

  it.each([
    ['no statusCode', { body: 'x' }],
    ['a non-string body', { statusCode: 200, body: { a: 1 } }],
    ['an unknown key', { statusCode: 200, body: 'x', extra: true }],
    ['a string', 'hello'],
    ['nothing', undefined],
  ])('502s a malformed REST result: %s', async (_name, payload) => {
    const { app } = appFor(() => payload);
    const res = await app.inject({ method: 'GET', url: '/r' });
    expect(res.statusCode).toBe(502);
  });

  it('answers a function that reached its own Timeout as a function error: REST 502 Internal server error', async () => {
    // Prepare
    const { app } = appFor(() => ({ status: 'timeout', error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }, durationMs: 3000 }));
    // Act
    const res = await app.inject({ method: 'GET', url: '/r' });
    // Assess
    expect(res.statusCode).toBe(502);
    expect(res.body).toBe('{"message":"Internal server error"}');
    expect(res.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
  });

  it('answers a function that reached its own Timeout as a function error: HTTP API 500 Internal Server Error', async () => {
    const { app } = appFor(() => ({ status: 'timeout', error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }, durationMs: 3000 }), 'HTTP');
    const res = await app.inject({ method: 'GET', url: '/r' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('{"message":"Internal Server Error"}');
  });

  it('HTTP API: only its own 30 s integration limit answers 503 Service Unavailable', async () => {
    const lines: string[] = [];
    const app = buildApiApp(
      model({ apis: [apiDef({ kind: 'HTTP', stage: '$default' })], routes: [routeDef({ method: 'ANY', path: '/r', payloadFormatVersion: '2.0' })] }),
      fakeRuntime({ Fn: () => new Promise(() => undefined) }),
      { apiKeys: [], log: (l) => lines.push(l), httpIntegrationTimeoutMs: 20 },
    );
    const res = await app.inject({ method: 'GET', url: '/r' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toBe('{"message":"Service Unavailable"}');
  });

  it('504s when the function outlives the REST integration timeout', async () => {
    const { app } = appFor(() => new Promise(() => undefined), 'REST', { restIntegrationTimeoutMs: 20 });
    const res = await app.inject({ method: 'GET', url: '/r' });
    expect(res.statusCode).toBe(504);
    expect(res.body).toBe('{"message":"Endpoint request timed out"}');
  });

  it('answers Lambda throttling with REST\'s 500 Internal server error', async () => {
    const { app } = appFor(() => ({ status: 'throttled', error: { errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' }, durationMs: 0 }));
    const res = await app.inject({ method: 'GET', url: '/r' });
    expect(res.statusCode).toBe(500);
    expect(res.body).toBe('{"message":"Internal server error"}');
  });

  it('413s a body over 10 MB without invoking the function', async () => {
    let invoked = false;
    const { app } = appFor(() => {
      invoked = true;
      return { statusCode: 200, body: '' };
    });
    const res = await app.inject({ method: 'POST', url: '/r', payload: Buffer.alloc(10 * 1024 * 1024 + 1), headers: { 'content-type': 'application/octet-stream' } });
    expect(res.statusCode).toBe(413);
    expect(res.headers['x-amzn-errortype']).toBeTruthy();
    expect(invoked).toBe(false);
  });

  it('passes binary media types base64-encoded and decodes base64 responses', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0xff]);
    const { app } = appFor((event) => {
      const e = event as { body: string; isBase64Encoded: boolean };
      return { statusCode: 200, headers: { 'content-type': 'image/png' }, body: e.body, isBase64Encoded: e.isBase64Encoded };
    });
    const res = await app.inject({ method: 'POST', url: '/r', payload: png, headers: { 'content-type': 'image/png', accept: 'image/png' } });
    expect(res.rawPayload.equals(png)).toBe(true);
  });

  it('passes text bodies as strings', async () => {
    const { app } = appFor((event) => ({ statusCode: 200, body: JSON.stringify(event) }));
    const res = await app.inject({ method: 'POST', url: '/r', payload: '{"a":1}', headers: { 'content-type': 'application/json' } });
    const event = JSON.parse(res.body) as { body: string; isBase64Encoded: boolean };
    expect(event.body).toBe('{"a":1}');
    expect(event.isBase64Encoded).toBe(false);
  });

  it('HTTP API: a bare object becomes a 200 JSON response, errors are 500 Internal Server Error', async () => {
    const ok = appFor(() => ({ hello: 'world' }), 'HTTP');
    const res = await ok.app.inject({ method: 'GET', url: '/r' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json');
    expect(JSON.parse(res.body)).toEqual({ hello: 'world' });
    const bad = appFor(() => {
      throw new Error('x');
    }, 'HTTP');
    const err = await bad.app.inject({ method: 'GET', url: '/r' });
    expect(err.statusCode).toBe(500);
    expect(err.body).toBe('{"message":"Internal Server Error"}');
  });

  it('HTTP API: cookies become Set-Cookie headers', async () => {
    const { app } = appFor(() => ({ statusCode: 200, cookies: ['a=1', 'b=2'], body: 'x' }), 'HTTP');
    const res = await app.inject({ method: 'GET', url: '/r' });
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
  });
});
