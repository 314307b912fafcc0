/**
 * Throughput of the local Lambda runtime for a trivial handler, against references measured in
 * the same run: a direct in-process call and a bare worker_threads postMessage round trip.
 * Run: npx tsx bench/runtime.ts [--seconds 2]
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createLambdaRuntime } from '../local/runtime/index.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION, type FunctionDef, type TemplateModel } from '../local/template/model.js';
import { emptyTemplateModel } from '../local/template/emptyTemplateModel.js';
import { numberOption } from './lib/benchArgs.js';

const seconds = numberOption('seconds', 1);
const rounds = numberOption('rounds', 3);
const event = { path: '/hello', httpMethod: 'GET', headers: { accept: 'application/json' }, body: null };

/** Runs `call` with `concurrency` loops in flight for `ms`; returns calls per second. */
async function run(call: () => Promise<unknown>, concurrency: number, ms: number): Promise<number> {
  let count = 0;
  const started = performance.now();
  const until = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        await call();
        count++;
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

interface Row {
  name: string;
  call: () => Promise<unknown>;
  concurrency: number;
  rates: number[];
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

function functionDef(logicalId: string, codeDir: string, handler = 'index.handler'): FunctionDef {
  const functionName = `bench-${logicalId}`;
  return {
    logicalId,
    functionName,
    arn: `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:function:${functionName}`,
    codeDir,
    handler,
    runtime: `nodejs${process.versions.node.split('.')[0]}.x`,
    timeout: 30,
    memorySize: 512,
    environment: {},
    architectures: ['x86_64'],
  };
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-runtime-'));
  const handlerSource = [
    'export const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ ok: true, path: event.path }) });',
    'export const streamed = awslambda.streamifyResponse(async (event, stream) => {',
    "  awslambda.HttpResponseStream.from(stream, { statusCode: 200 }).end(JSON.stringify({ ok: true, path: event.path }));",
    '});',
  ].join('\n');
  await writeFile(join(dir, 'index.mjs'), handlerSource);
  const handler = async (e: typeof event) => ({ statusCode: 200, body: JSON.stringify({ ok: true, path: e.path }) });

  const bare = new Worker(
    "const { parentPort } = require('node:worker_threads'); parentPort.on('message', (m) => parentPort.postMessage({ id: m.id, payload: JSON.stringify({ statusCode: 200, body: JSON.stringify({ ok: true, path: JSON.parse(m.event).path }) }) }));",
    { eval: true, execArgv: [] },
  );
  let nextId = 0;
  const pending = new Map<number, (value: unknown) => void>();
  bare.on('message', (m: { id: number; payload: string }) => {
    pending.get(m.id)?.(JSON.parse(m.payload));
    pending.delete(m.id);
  });
  const bareCall = () =>
    new Promise((resolve) => {
      const id = ++nextId;
      pending.set(id, resolve);
      bare.postMessage({ id, event: JSON.stringify(event) });
    });

  const model: TemplateModel = { ...emptyTemplateModel(dir), functions: [functionDef('Quiet', dir), functionDef('Streamed', dir, 'index.streamed')] };
  let logged = 0;
  let coldStarts = 0;
  const runtime = await createLambdaRuntime(model, {
    buildDir: join(dir, 'build'),
    log: (line) => {
      logged += line.length;
      if (line.includes('Init Duration')) coldStarts++;
    },
  });
  let streamedBytes = 0;
  const sink = { onMetadata: () => {}, onChunk: (chunk: Uint8Array) => void (streamedBytes += chunk.byteLength) };
  const coldStarted = performance.now();
  await runtime.invoke('Quiet', event);
  const coldMs = performance.now() - coldStarted;
  const invoke = (id: string, stream?: typeof sink) => async () => {
    const result = await runtime.invoke(id, event, stream && { stream });
    if (result.status !== 'ok') throw new Error(JSON.stringify(result));
  };

  const rows: Row[] = [
    { name: 'direct in-process call', call: () => handler(event), concurrency: 1, rates: [] },
    { name: 'bare worker postMessage round trip', call: bareCall, concurrency: 1, rates: [] },
    { name: 'runtime.invoke, sequential', call: invoke('Quiet'), concurrency: 1, rates: [] },
    { name: 'runtime.invoke, response streamed (prelude + 1 chunk)', call: invoke('Streamed', sink), concurrency: 1, rates: [] },
    { name: 'bare worker round trip, 10 in flight (1 worker)', call: bareCall, concurrency: 10, rates: [] },
    { name: 'runtime.invoke, 10 in flight (pool of 10 workers)', call: invoke('Quiet'), concurrency: 10, rates: [] },
  ];
  for (const row of rows) await run(row.call, row.concurrency, 300); // warm up (and start the pools)
  // Rounds interleave the rows, so a noisy moment on the machine does not land on one row only.
  for (let round = 0; round < rounds; round++) {
    for (const row of rows) row.rates.push(await run(row.call, row.concurrency, seconds * 1000));
  }

  const reference = median(rows[1]!.rates);
  console.log(`Local Lambda runtime, trivial handler: median of ${rounds} rounds of ${seconds} s, Node ${process.versions.node}\n`);
  console.log('| path | invocations/s | vs bare worker round trip |');
  console.log('|---|---:|---:|');
  for (const row of rows) {
    const rate = median(row.rates);
    console.log(`| ${row.name} | ${Math.round(rate).toLocaleString('en-US')} | ${(rate / reference).toFixed(2)}x |`);
  }
  console.log(`\nfirst invocation (cold start incl. worker spawn): ${coldMs.toFixed(1)} ms; cold starts: ${coldStarts}; log bytes: ${logged}; streamed bytes: ${streamedBytes}`);

  await runtime.close();
  await bare.terminate();
  await rm(dir, { recursive: true, force: true });
}

await main();
