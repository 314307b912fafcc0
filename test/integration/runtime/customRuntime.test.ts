import { chmod, cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LocalLambdaRuntime, type ResponseStreamSink } from '../../../local/runtime/index.js';
import { customNodeDir, customShellDir, functionDef, templateModel } from '../../fixtures/runtime/functionDefs.js';
import { errorOf, payloadOf, runtimeLines } from '../../fixtures/runtime/invokeResults.js';

function recordingSink() {
  const seen: { metadata: unknown[]; chunks: string[] } = { metadata: [], chunks: [] };
  const sink: ResponseStreamSink = { onMetadata: (metadata) => seen.metadata.push(metadata), onChunk: (chunk) => seen.chunks.push(Buffer.from(chunk).toString()) };
  return { seen, sink };
}

const shell = (logicalId: string, handler: string, extra = {}) => functionDef({ logicalId, handler: `function.${handler}`, codeDir: customShellDir, runtime: 'provided.al2023', ...extra });
const node = (logicalId: string, handler: string, extra = {}) => functionDef({ logicalId, handler: `fn.${handler}`, codeDir: customNodeDir, runtime: 'provided.al2', ...extra });

describe('custom runtimes (provided.*) behind the Lambda Runtime API', () => {
  let runtime: LocalLambdaRuntime;
  let scratch: string;
  const { log, linesOf } = runtimeLines();

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'custom-runtime-'));
    await cp(customShellDir, join(scratch, 'notExecutable'), { recursive: true });
    await chmod(join(scratch, 'notExecutable', 'bootstrap'), 0o644);
    await cp(customShellDir, join(scratch, 'reload'), { recursive: true });
    await writeFile(join(scratch, 'exitsAtInit'), '');
    await cp(customShellDir, join(scratch, 'diesAtInit'), { recursive: true });
    await writeFile(join(scratch, 'diesAtInit', 'bootstrap'), '#!/bin/sh\necho "cannot start" >&2\nexit 7\n', { mode: 0o755 });
    await cp(customShellDir, join(scratch, 'neverAsks'), { recursive: true });
    await writeFile(join(scratch, 'neverAsks', 'bootstrap'), '#!/bin/sh\nsleep 60\n', { mode: 0o755 });
    const model = templateModel([
      shell('Shell', 'echo_event'),
      shell('ShellFails', 'fail'),
      shell('ShellSlow', 'sleep_long', { timeout: 1 }),
      shell('ShellDies', 'die'),
      shell('ShellReserved', 'sleep_long', { reservedConcurrency: 1, timeout: 1 }),
      shell('NotExecutable', 'echo_event', { codeDir: join(scratch, 'notExecutable') }),
      shell('NoBootstrap', 'echo_event', { codeDir: join(scratch, 'nowhere') }),
      shell('DiesAtInit', 'echo_event', { codeDir: join(scratch, 'diesAtInit') }),
      shell('NeverAsks', 'echo_event', { codeDir: join(scratch, 'neverAsks') }),
      shell('Reload', 'echo_event', { codeDir: join(scratch, 'reload') }),
      node('Echo', 'echo'),
      node('Stream', 'stream'),
      node('StreamFails', 'streamFails'),
      node('WrongId', 'wrongId'),
      node('Huge', 'huge'),
      node('PlainText', 'plainText'),
      node('InitError', 'nothere'),
    ]);
    runtime = await createLambdaRuntime(model, {
      buildDir: join(scratch, 'build'),
      watch: true,
      log,
    });
  });

  afterAll(async () => {
    await runtime?.close();
    await rm(scratch, { recursive: true, force: true });
  });

  it('runs a shell bootstrap (a curl loop) warm: the event in, the payload out, one process for sequential calls', async () => {
    const first = payloadOf(await runtime.invoke('Shell', { n: 1 })) as { requestId: string; event: unknown; function: string };
    const second = payloadOf(await runtime.invoke('Shell', { n: 2 })) as { requestId: string; event: unknown };

    expect(first).toMatchObject({ event: { n: 1 }, function: 'test-Shell' });
    expect(second.event).toEqual({ n: 2 });
    expect(second.requestId).not.toBe(first.requestId);
    const reports = linesOf('Shell').filter((line) => line.startsWith('REPORT'));
    expect(reports[0]).toMatch(/Init Duration: [\d.]+ ms/);
    expect(reports[1]).not.toContain('Init Duration');
    expect(reports[0]).toMatch(/Max Memory Used: [1-9]\d* MB/);
    expect(linesOf('Shell')).toContain(`handling ${first.requestId}`);
  });

  it('passes the invocation headers Lambda passes: deadline, function ARN, X-Ray trace id', async () => {
    const before = Date.now();
    payloadOf(await runtime.invoke('Echo', {}));

    const line = linesOf('Echo').find((entry) => entry.startsWith('headers '))!;
    const headers = JSON.parse(line.slice('headers '.length)) as { deadline: string; arn: string; trace: string };
    expect(Number(headers.deadline)).toBeGreaterThanOrEqual(before + 2_900);
    expect(headers.arn).toBe('arn:aws:lambda:us-east-1:000000000000:function:test-Echo');
    expect(headers.trace).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0$/);
  });

  it('reports a function error posted to /error with its type', async () => {
    expect(errorOf(await runtime.invoke('ShellFails', {}))).toEqual({ errorType: 'Shell.HandlerFailed', errorMessage: 'handler exited with an error' });
  });

  it('ends a process that runs past its Timeout, and starts a fresh one for the next invocation', async () => {
    const result = await runtime.invoke('ShellSlow', {});

    expect(result.status).toBe('timeout');
    expect(errorOf(result).errorMessage).toMatch(/Task timed out after 1\.00 seconds$/);
    const again = await runtime.invoke('ShellSlow', {});
    expect(again.status).toBe('timeout');
    expect(linesOf('ShellSlow').filter((line) => line.includes('Init Duration'))).toHaveLength(2);
  });

  it('turns a runtime that dies mid-invocation into Runtime.ExitError, and a function error that lets the next one run', async () => {
    const error = errorOf(await runtime.invoke('ShellDies', {}));

    expect(error.errorType).toBe('Runtime.ExitError');
    expect(error.errorMessage).toMatch(/^RequestId: [0-9a-f-]{36} Error: Runtime exited with error: signal: killed$/);
    expect(payloadOf(await runtime.invoke('Shell', { still: 'serving' }))).toMatchObject({ event: { still: 'serving' } });
  });

  it('keeps other invocations in flight untouched when one environment dies', async () => {
    const [dies, ...others] = await Promise.all([runtime.invoke('ShellDies', {}), runtime.invoke('Shell', { a: 1 }), runtime.invoke('Echo', { b: 2 }), runtime.invoke('Shell', { c: 3 })]);

    expect(errorOf(dies).errorType).toBe('Runtime.ExitError');
    expect(others.map((result) => (payloadOf(result) as { event: unknown }).event)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
  });

  it('fails the init of a bootstrap that never asks for an event after 10 s, as Lambda limits init', { timeout: 20_000 }, async () => {
    const result = await runtime.invoke('NeverAsks', {});

    expect(result.status).toBe('timeout');
    expect(errorOf(result).errorMessage).toMatch(/Task timed out after 10\.00 seconds$/);
  });

  it('throttles beyond reserved concurrency as it does Node.js functions', async () => {
    const [first, second] = await Promise.all([runtime.invoke('ShellReserved', {}), runtime.invoke('ShellReserved', {})]);

    expect([first.status, second.status].sort()).toEqual(['throttled', 'timeout']);
  });

  it('refuses a missing or non-executable bootstrap with Runtime.InvalidEntrypoint', async () => {
    expect(errorOf(await runtime.invoke('NoBootstrap', {}))).toMatchObject({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: expect.stringContaining("Couldn't find valid bootstrap(s)") });
    expect(errorOf(await runtime.invoke('NotExecutable', {}))).toMatchObject({ errorType: 'Runtime.InvalidEntrypoint', errorMessage: expect.stringContaining('permission denied') });
  });

  it('reports a bootstrap that exits before asking for an event, and one that posts /init/error', async () => {
    expect(errorOf(await runtime.invoke('DiesAtInit', {}))).toMatchObject({ errorType: 'Runtime.ExitError', errorMessage: 'RequestId: init Error: Runtime exited with error: exit status 7' });
    expect(linesOf('DiesAtInit')).toContain('cannot start');
    expect(errorOf(await runtime.invoke('InitError', {}))).toEqual({ errorType: 'Runtime.HandlerNotFound', errorMessage: 'no handler fn.nothere' });
  });

  it('streams a response with its HTTP prelude to a streamed invocation, chunk by chunk', async () => {
    const { seen, sink } = recordingSink();

    const result = await runtime.invoke('Stream', {}, { stream: sink });

    expect(result.status).toBe('ok');
    expect(seen.metadata).toEqual([{ statusCode: 201, headers: { 'x-custom': 'yes', 'content-type': 'text/plain' } }]);
    expect(seen.chunks).toEqual(['one ', 'two ', 'three']);
  });

  it('buffers a streamed response for a buffered invocation, as a Function URL response', async () => {
    expect(payloadOf(await runtime.invoke('Stream', {}))).toEqual({ statusCode: 201, headers: { 'x-custom': 'yes', 'content-type': 'text/plain' }, body: 'one two three', isBase64Encoded: false });
  });

  it('fails a stream whose trailers carry an error, after the chunks already sent', async () => {
    const { seen, sink } = recordingSink();

    const error = errorOf(await runtime.invoke('StreamFails', {}, { stream: sink }));

    expect(seen.chunks).toEqual(['a', 'b']);
    expect(error).toEqual({ errorType: 'Custom.MidStream', errorMessage: 'broke after two chunks' });
  });

  it('answers InvalidRequestID for another id and InvalidStateTransition for /next in the middle of an invocation', async () => {
    const payload = payloadOf(await runtime.invoke('WrongId', {})) as { wrong: { status: number; body: string }; again: { status: number; body: string } };

    expect(payload.wrong.status).toBe(400);
    expect(JSON.parse(payload.wrong.body)).toEqual({ errorMessage: 'Invalid request ID', errorType: 'InvalidRequestID' });
    expect(payload.again.status).toBe(403);
    expect(JSON.parse(payload.again.body)).toMatchObject({ errorType: 'InvalidStateTransition' });
  });

  it('refuses a response over 6 MB with 413 and fails the invocation with Function.ResponseSizeTooLarge', async () => {
    const error = errorOf(await runtime.invoke('Huge', {}));

    expect(error.errorType).toBe('Function.ResponseSizeTooLarge');
    await expect.poll(() => linesOf('Huge').find((line) => line.startsWith('runtime api answered'))).toBe(
      'runtime api answered 413 {"errorMessage":"Exceeded maximum allowed payload size (6291556 bytes).","errorType":"RequestEntityTooLarge"}',
    );
  });

  it('returns a payload that is not JSON as its text', async () => {
    expect(payloadOf(await runtime.invoke('PlainText', {}))).toBe('not json at all');
  });

  it('replaces the environments of a function whose code changed, before its next invocation', async () => {
    payloadOf(await runtime.invoke('Reload', {}));
    await writeFile(join(scratch, 'reload', 'function.sh'), 'echo_event() {\n  echo \'{"version":2}\'\n}\n');

    await expect.poll(() => linesOf('Reload').some((line) => line.startsWith('Reloaded Reload')), { timeout: 5_000 }).toBe(true);
    expect(payloadOf(await runtime.invoke('Reload', {}))).toEqual({ version: 2 });
  });
});
