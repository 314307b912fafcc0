/**
 * `genai-kit tail` against a console over a real socket: the recent history then live events,
 * filtered by function, coloured lines; and followFeed's resumption after the console went away.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConsoleFeed, FeedRecorder, FEED_SHAPES, startConsoleServer, type RunningConsole } from '../../../local/console/index.js';
import { followFeed, type FeedMessage } from '../../../local/console/followFeed.js';
import type { InvocationReport, LambdaRuntime } from '../../../local/runtime/types.js';
import type { TemplateModel } from '../../../local/template/model.js';

const emptyModel = { templatePath: 'template.yaml', baseDir: '.', functions: [], apis: [], routes: [], functionUrls: [], tables: [], queues: [], sqsEventSources: [], stateMachines: [], unsupported: [] } as unknown as TemplateModel;
const runtime: LambdaRuntime = { invoke: async () => ({ status: 'ok', payload: null, durationMs: 0 }), close: async () => undefined };

function report(functionId: string, status: 'ok' | 'error' = 'ok'): InvocationReport {
  const result = status === 'ok' ? { status, payload: { ok: true }, durationMs: 12.5 } : { status, error: { errorType: 'Error', errorMessage: 'boom' }, durationMs: 3 };
  return { functionId, requestId: `r-${functionId}`, startedAt: Date.now(), event: '{"Records":[{"eventSource":"aws:sqs","eventSourceARN":"arn:aws:sqs:us-east-1:000000000000:jobs"}]}', result, memorySizeMb: 128, maxMemoryUsedMb: 20, logLines: ['hello from the handler'] };
}

describe('genai-kit tail', () => {
  let server: RunningConsole;
  let recorder: FeedRecorder;
  let endpointsFile: string;

  beforeAll(async () => {
    const feed = new ConsoleFeed(100, FEED_SHAPES);
    recorder = new FeedRecorder(feed);
    server = await startConsoleServer({ model: emptyModel, endpoints: { region: 'us-east-1' }, runtime, feed, recorder }, { port: 0 });
    endpointsFile = join(mkdtempSync(join(tmpdir(), 'tail-')), 'endpoints.json');
    writeFileSync(endpointsFile, JSON.stringify({ region: 'us-east-1', console: server.url }));
  });
  afterAll(() => server?.close());

  it('prints the history and live invocations of one function, with their log lines', async () => {
    recorder.finished(report('Worker'));
    recorder.finished(report('Other'));
    const child = spawn('npx', ['tsx', 'local/cli.ts', 'tail', '--function', 'Worker', '--logs', '--endpoints', endpointsFile], { env: { ...process.env, FORCE_COLOR: '1' } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    try {
      await vi.waitFor(() => expect(stdout).toContain('hello from the handler'), { timeout: 20_000 });
      recorder.finished(report('Worker', 'error'));
      await vi.waitFor(() => expect(stdout).toContain('boom'), { timeout: 10_000 });
    } finally {
      child.kill('SIGINT');
    }
    expect(stdout).toMatch(/Worker.*ok.*12\.5 ms.*queue jobs/);
    expect(stdout).not.toContain('Other');
    expect(stdout).toContain('\u001b[');
  });

  it('followFeed resumes after the last event it saw when the console comes back', async () => {
    const feed = new ConsoleFeed(100, FEED_SHAPES);
    const local = new FeedRecorder(feed);
    const context = { model: emptyModel, endpoints: { region: 'us-east-1' }, runtime, feed, recorder: local };
    let consoleServer = await startConsoleServer(context, { port: 0 });
    const port = consoleServer.port;
    const seen: FeedMessage[] = [];
    const controller = new AbortController();
    const following = followFeed(consoleServer.url, (message) => seen.push(message), { signal: controller.signal, retryMs: 50 });
    local.finished(report('A'));
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    await consoleServer.close();
    local.finished(report('B'));
    consoleServer = await startConsoleServer(context, { port });
    local.finished(report('C'));
    await vi.waitFor(() => expect(seen.map((m) => (m.data as { functionId: string }).functionId)).toEqual(['A', 'B', 'C']));
    controller.abort();
    await following;
    await consoleServer.close();
  });
});
