import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningStack } from '../../local/stack.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

const projectDir = path.resolve('test/fixtures/python-app');

describe('every trigger reaches Python and custom-runtime functions', () => {
  let stack: RunningStack;
  beforeAll(async () => {
    stack = await startEmbeddedStack({ projectDir });
  });
  afterAll(() => stack?.close());

  it('serves a REST route behind a REQUEST authorizer written in Python', async () => {
    const allowed = await fetch(`${stack.endpoints.api}/echo`, { method: 'POST', headers: { 'x-user': 'alice' }, body: 'hi' });
    const denied = await fetch(`${stack.endpoints.api}/echo`, { method: 'POST', headers: { 'x-user': 'mallory' }, body: 'hi' });
    const anonymous = await fetch(`${stack.endpoints.api}/echo`, { method: 'POST', body: 'hi' });

    expect(allowed.status).toBe(200);
    expect(await allowed.json()).toMatchObject({ version: '1.0', path: '/echo', body: 'hi', authorizer: { user: 'alice', runtime: 'python', principalId: 'alice' } });
    expect(denied.status).toBe(403);
    expect(await denied.json()).toHaveProperty('Message');
    expect(anonymous.status).toBe(401);
  });

  it('serves an HTTP API route (payload 2.0) from Python and from a custom runtime', async () => {
    const python = await fetch(`${stack.endpoints.api}/http/echo`);
    const custom = await fetch(`${stack.endpoints.api}/custom`);

    expect(await python.json()).toMatchObject({ version: '2.0', routeKey: 'GET /http/echo' });
    expect(custom.status).toBe(200);
    expect(await custom.text()).toBe('custom runtime saw /custom');
  });

  it('answers a buffered Function URL with the HTTP response the handler returns', async () => {
    const response = await fetch(`${stack.endpoints.functionUrls!.UrlFunction}path`);

    expect(response.status).toBe(200);
    expect(response.headers.get('x-from')).toBe('python');
    expect(await response.text()).toBe('hello from /path');
  });

  it('streams the raw result of a Python function behind a RESPONSE_STREAM Function URL, as Lambda does (no HTTP prelude without streamifyResponse)', async () => {
    const response = await fetch(`${stack.endpoints.functionUrls!.StreamUrlFunction}path`);

    expect(response.status).toBe(200);
    expect(JSON.parse(await response.text())).toEqual({ statusCode: 200, headers: { 'content-type': 'text/plain', 'x-from': 'python' }, body: 'hello from /path' });
  });

  it('streams a custom runtime response through a RESPONSE_STREAM Function URL, its prelude as status and headers', async () => {
    const response = await fetch(stack.endpoints.functionUrls!.CustomStreamFunction);

    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(await response.text()).toBe('one two three');
  });

  it('runs a Python function as a Step Functions Lambda task', async () => {
    const sfn = new SFNClient({ endpoint: stack.endpoints.stepfunctions, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true });
    const arn = stack.model.stateMachines[0].arn;

    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn, input: '{"value":21}' }));

    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output!)).toEqual({ doubled: 42 });
  });

  it("runs a Python function once with 'genai-kit invoke', like 'sam local invoke'", async () => {
    const { stdout, stderr } = await promisify(execFile)('npx', ['tsx', path.resolve('local/cli.ts'), 'invoke', 'DoubleFunction', '--event', 'events/double.json', '--template', 'template.yaml'], { cwd: projectDir, env: { ...process.env } }).catch((error: { stdout: string; stderr: string }) => error);

    expect(JSON.parse(stdout)).toEqual({ doubled: 8 });
    expect(stderr).toMatch(/REPORT RequestId: \S+\tDuration: [\d.]+ ms.*Init Duration/);
  });
});
