import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { buildFunctionUrlApp, functionUrlId } from '../../../local/gateway/functionUrlApp.js';
import type { FunctionUrlDef } from '../../../local/template/model.js';
import { fakeRuntime } from './gatewayTestModel.js';

function urlDef(overrides: Partial<FunctionUrlDef> = {}): FunctionUrlDef {
  return { functionLogicalId: 'Fn', invokeMode: 'BUFFERED', authType: 'NONE', ...overrides };
}

const SIGNED = 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/lambda/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd';

describe('Function URLs (inject)', () => {
  it('BUFFERED: sends a v2 event with the lambda-url domain and maps the result', async () => {
    const runtime = fakeRuntime({ Fn: (event) => ({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) }) });
    const app = buildFunctionUrlApp(urlDef(), runtime, {});
    const res = await app.inject({ method: 'POST', url: '/some/path?q=1', payload: 'hi', headers: { 'content-type': 'text/plain' } });
    const event = JSON.parse(res.body) as APIGatewayProxyEventV2;
    const id = functionUrlId('Fn');
    expect(id).toMatch(/^[a-z2-7]{32}$/);
    expect(event.version).toBe('2.0');
    expect(event.routeKey).toBe('$default');
    expect(event.rawPath).toBe('/some/path');
    expect(event.requestContext.domainName).toBe(`${id}.lambda-url.us-east-1.on.aws`);
    expect(event.requestContext.http.method).toBe('POST');
    expect(event.requestContext.accountId).toBe('anonymous');
    expect(event.body).toBe('hi');
    expect(res.headers['x-amzn-requestid']).toBeTruthy();
  });

  it('AWS_IAM: 403 without a SigV4 Authorization header, invokes with one', async () => {
    const runtime = fakeRuntime({ Fn: () => 'ok' });
    const app = buildFunctionUrlApp(urlDef({ authType: 'AWS_IAM' }), runtime, {});
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toBe('{"Message":"Forbidden"}');
    expect(runtime.calls).toHaveLength(0);
    const bearer = await app.inject({ method: 'GET', url: '/', headers: { authorization: 'Bearer x' } });
    expect(bearer.statusCode).toBe(403);
    const signed = await app.inject({ method: 'GET', url: '/', headers: { authorization: SIGNED } });
    expect(signed.statusCode).toBe(200);
    expect(signed.body).toBe('"ok"');
  });

  it('502s a function error', async () => {
    const app = buildFunctionUrlApp(urlDef(), fakeRuntime({ Fn: () => { throw new Error('no'); } }), {});
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(502);
    expect(res.body).toBe('Internal Server Error');
  });

  it('answers a function that reached its own Timeout as Lambda does behind a URL: 502 Internal Server Error', async () => {
    const timedOut = { status: 'timeout', error: { errorType: 'Sandbox.Timedout', errorMessage: 'Task timed out after 3.00 seconds' }, durationMs: 3000 };
    const app = buildFunctionUrlApp(urlDef(), fakeRuntime({ Fn: () => timedOut }), {});
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(502);
    expect(res.body).toBe('Internal Server Error');
  });

  it('413s a body over 6 MB', async () => {
    const app = buildFunctionUrlApp(urlDef(), fakeRuntime({ Fn: () => 'ok' }), {});
    const res = await app.inject({ method: 'POST', url: '/', payload: Buffer.alloc(6 * 1024 * 1024 + 1), headers: { 'content-type': 'application/octet-stream' } });
    expect(res.statusCode).toBe(413);
  });

  it('RESPONSE_STREAM: writes the prelude status and headers, then the chunks', async () => {
    const runtime = fakeRuntime({
      Fn: (_event, options) => {
        options?.stream?.onMetadata({ statusCode: 201, headers: { 'Content-Type': 'text/event-stream' } });
        options?.stream?.onChunk(Buffer.from('data: a\n\n'));
        options?.stream?.onChunk(Buffer.from('data: b\n\n'));
        return undefined;
      },
    });
    const app = buildFunctionUrlApp(urlDef({ invokeMode: 'RESPONSE_STREAM' }), runtime, {});
    const res = await app.inject({ method: 'POST', url: '/' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toBe('text/event-stream');
    expect(res.body).toBe('data: a\n\ndata: b\n\n');
  });

  it('RESPONSE_STREAM: 502 when the function fails before writing', async () => {
    const app = buildFunctionUrlApp(urlDef({ invokeMode: 'RESPONSE_STREAM' }), fakeRuntime({ Fn: () => { throw new Error('x'); } }), {});
    expect((await app.inject({ method: 'GET', url: '/' })).statusCode).toBe(502);
  });
});
