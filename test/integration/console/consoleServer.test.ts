/**
 * The console server over real sockets: the SSE feed with Last-Event-ID resumption, and the
 * Host/Origin guard (DNS-rebinding protection), with a console over an empty template.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConsoleFeed, FeedRecorder, FEED_SHAPES, startConsoleServer, type RunningConsole } from '../../../local/console/index.js';
import { recordInvocation } from '../../../local/console/feedViews.js';
import { TextRing } from '../../../local/console/TextRing.js';
import type { LambdaRuntime } from '../../../local/runtime/types.js';
import type { TemplateModel } from '../../../local/template/model.js';

const emptyModel = { templatePath: 'template.yaml', baseDir: '.', functions: [], apis: [], routes: [], functionUrls: [], tables: [], queues: [], sqsEventSources: [], stateMachines: [], unsupported: [] } as unknown as TemplateModel;
const runtime: LambdaRuntime = { invoke: async () => ({ status: 'ok', payload: null, durationMs: 0 }), close: async () => undefined };

function get(port: number, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Reads SSE events from `/api/feed` until `until` says stop; returns them as `{id, event, data}`. */
async function readFeed(url: string, headers: Record<string, string>, until: (events: { id?: string; event: string; data: string }[]) => boolean) {
  const controller = new AbortController();
  const response = await fetch(`${url}api/feed`, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const reader = response.body!.getReader();
  const events: { id?: string; event: string; data: string }[] = [];
  let buffer = '';
  while (!until(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += new TextDecoder().decode(value);
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const fields = Object.fromEntries(block.split('\n').filter((line) => !line.startsWith(':')).map((line) => [line.slice(0, line.indexOf(':')), line.slice(line.indexOf(':') + 2)]));
      if (fields.event) events.push({ id: fields.id, event: fields.event, data: fields.data ?? '' });
    }
  }
  controller.abort();
  return events;
}

describe('console server', () => {
  let server: RunningConsole;
  let feed: ConsoleFeed;

  beforeAll(async () => {
    feed = new ConsoleFeed(100, FEED_SHAPES);
    server = await startConsoleServer({ model: emptyModel, endpoints: { region: 'us-east-1' }, runtime, feed, recorder: new FeedRecorder(feed) }, { port: 0 });
  });
  afterAll(() => server?.close());

  it('serves the page and its bundled script from itself', async () => {
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/assets/app.js');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${server.url}assets/app.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await script.text()).length).toBeGreaterThan(1000);
  });

  it('refuses with 403 a Host or an Origin that is not local', async () => {
    const local = `127.0.0.1:${server.port}`;
    expect((await get(server.port, '/', { host: local })).status).toBe(200);
    expect((await get(server.port, '/', { host: `localhost:${server.port}` })).status).toBe(200);
    const rebound = await get(server.port, '/api/overview', { host: `attacker.example:${server.port}` });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body).message).toMatch(/not this console's local address/);
    expect((await get(server.port, '/api/feed', { host: local, origin: 'http://attacker.example', accept: 'text/event-stream' })).status).toBe(403);
    expect((await get(server.port, '/', { host: local, origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('sends the history, then live events; with Last-Event-ID only what was missed', async () => {
    const first = feed.publish('invocation', recordInvocation({ functionId: 'A', requestId: 'r1', startedAt: 0, event: '{"headers":{"authorization":"Bearer s3cret"}}', result: { status: 'ok', payload: 1, durationMs: 1 }, memorySizeMb: 128, maxMemoryUsedMb: 10, logLines: [] }, new TextRing(1024)));
    const second = feed.publish('queue', { name: 'q', visible: 1 });
    const fresh = await readFeed(server.url, {}, (events) => events.some((e) => e.event === 'ready'));
    expect(fresh.map((e) => e.id)).toEqual([String(first.seq), String(second.seq), undefined]);
    const shown = JSON.parse(fresh[0]!.data);
    expect(shown.data).toMatchObject({ functionId: 'A', status: 'ok', trigger: { kind: 'direct' }, logLineCount: 0 });
    expect(shown.data.event).toBeUndefined();
    const detail = (await (await fetch(`${server.url}api/invocations/${first.seq}`)).json()) as { data: { event: unknown } };
    expect(detail.data.event).toEqual({ headers: { authorization: '••••••' } });

    await vi.waitFor(() => expect(feed.subscriberCount).toBe(0));
    const resumed = readFeed(server.url, { 'last-event-id': String(first.seq) }, (events) => events.length >= 3);
    await vi.waitFor(() => expect(feed.subscriberCount).toBe(1));
    const third = feed.publish('queue', { name: 'q', visible: 0 });
    expect((await resumed).map((e) => [e.id, e.event])).toEqual([
      [String(second.seq), 'queue'],
      [undefined, 'ready'],
      [String(third.seq), 'queue'],
    ]);
  });
});
