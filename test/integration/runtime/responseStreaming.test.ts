import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaRuntime, type LocalLambdaRuntime, type ResponseStreamSink } from '../../../local/runtime/index.js';
import { functionDef, jsDir, templateModel } from '../../fixtures/runtime/functionDefs.js';
import { GateServer } from '../../fixtures/runtime/GateServer.js';

type StreamEvent = { metadata: Parameters<ResponseStreamSink['onMetadata']>[0] } | { chunk: string };

/** A sink that records what arrives, in order, and calls `onChunk` after recording each chunk. */
function recordingSink(onChunk: (index: number) => void = () => {}): { sink: ResponseStreamSink; events: StreamEvent[] } {
  const events: StreamEvent[] = [];
  let chunks = 0;
  return {
    events,
    sink: {
      onMetadata: (metadata) => events.push({ metadata }),
      onChunk: (chunk) => {
        events.push({ chunk: Buffer.from(chunk).toString('utf8') });
        onChunk(chunks++);
      },
    },
  };
}

describe('response streaming in the local Lambda runtime', () => {
  let buildDir: string;
  let runtime: LocalLambdaRuntime;
  let gates: GateServer;

  beforeAll(async () => {
    buildDir = await mkdtemp(join(tmpdir(), 'runtime-stream-'));
    gates = new GateServer();
    await gates.listen();
    const js = (logicalId: string, handler: string) => functionDef({ logicalId, handler: `handlers.${handler}`, codeDir: jsDir });
    runtime = await createLambdaRuntime(
      templateModel([js('StreamGate', 'streamWithGate'), js('StreamAbort', 'streamUntilAborted'), js('StreamPlain', 'streamPlain'), js('StreamHttp', 'streamHttp'), js('Echo', 'echo')]),
      { buildDir, log: () => {} },
    );
  });

  afterAll(async () => {
    await runtime?.close();
    await gates?.close();
    await rm(buildDir, { recursive: true, force: true });
  });

  it('delivers each chunk as the handler writes it, after the metadata prelude', async () => {
    const gate = gates.gate();
    let firstChunkArrived!: () => void;
    const firstChunk = new Promise<void>((resolve) => (firstChunkArrived = resolve));
    const { sink, events } = recordingSink((index) => index === 0 && firstChunkArrived());

    const invocation = runtime.invoke('StreamGate', { gateUrl: gate.url }, { stream: sink });
    // The handler cannot finish before the gate opens, and the gate opens only after chunk one arrived.
    await firstChunk;
    expect(events).toEqual([{ metadata: { statusCode: 201, headers: { 'content-type': 'text/event-stream' } } }, { chunk: 'data: one\n\n' }]);
    gate.open();

    const result = await invocation;
    expect(result.status).toBe('ok');
    expect(events.slice(1)).toEqual([{ chunk: 'data: one\n\n' }, { chunk: 'data: two\n\n' }]);
  });

  it('ends the handler stream when the invoker aborts', async () => {
    const report = gates.report();
    const controller = new AbortController();
    const { sink } = recordingSink(() => controller.abort());

    const invocation = runtime.invoke('StreamAbort', { reportUrl: report.url }, { stream: sink, signal: controller.signal });
    const seen = await report.received;
    expect(seen.get('destroyed')).toBe('true');
    expect(seen.get('writeError')).toBe('ERR_STREAM_DESTROYED');
    expect((await invocation).status).toBe('ok');
  });

  it('buffers a streaming handler invoked without a stream', async () => {
    expect(await runtime.invoke('StreamPlain', {})).toMatchObject({ status: 'ok', payload: 'plain body' });
    expect(await runtime.invoke('StreamHttp', {})).toMatchObject({
      status: 'ok',
      payload: { statusCode: 202, headers: { 'x-test': 'yes' }, body: '{"ok":true}', isBase64Encoded: false },
    });
  });

  it('sends a plain handler result as one chunk when streamed', async () => {
    const { sink, events } = recordingSink();
    const result = await runtime.invoke('Echo', { streamed: true }, { stream: sink });
    expect(result.status).toBe('ok');
    expect(events).toHaveLength(1);
    const only = events[0];
    expect(only && 'chunk' in only ? JSON.parse(only.chunk) : undefined).toMatchObject({ event: { streamed: true }, functionName: 'test-Echo' });
  });
});
