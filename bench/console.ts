/**
 * Console benchmark: what the console's feed costs the gateway. The same trivial route (API key, v1
 * event, worker thread, access log) through three stacks measured in interleaved rounds:
 *
 * - no console: the runtime has no observer (the reference);
 * - console, nobody watching: every invocation is recorded in the feed's history;
 * - console, one open page: the same, plus one SSE subscriber (`curl -N` in its own process, as a
 *   browser would be) receiving every invocation as it happens.
 *
 * Then the feed alone: nanoseconds per recorded invocation with no subscriber and with one (which
 * masks and serialises each event once).
 *
 *     npx tsx bench/console.ts [--seconds 2] [--rounds 3]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConsoleFeed, FeedRecorder, FEED_SHAPES, startConsoleServer } from '../local/console/index.js';
import { startGateway } from '../local/gateway/index.js';
import { createLambdaRuntime } from '../local/runtime/index.js';
import type { InvocationReport } from '../local/runtime/types.js';
import type { TemplateModel } from '../local/template/model.js';
import { emptyModel, fixtureFunction } from '../test/fixtures/gateway/gatewayModel.js';
import { numberOption } from './lib/benchArgs.js';
import { describeLoadTool, type LoadResult } from './lib/httpLoad.js';
import { median } from './lib/statistics.js';
import { roundRatios, runLoadRounds, summariseRounds, type LoadTarget } from './lib/loadRounds.js';
import { gcPauseMeter } from './lib/gcPauses.js';
import { cpuPerRequestMeter } from './lib/processCpu.js';

const SECONDS = numberOption('seconds', 2);
const ROUNDS = numberOption('rounds', 3);
const CONNECTIONS = 10;
const API_KEY = { id: 'bench-key', value: 'bench-key-value' };

function benchModel(): TemplateModel {
  return {
    ...emptyModel(),
    functions: [fixtureFunction('Hello', 'hello')],
    apis: [{ logicalId: 'Api', kind: 'REST', stage: 'Prod', apiId: 'benchapi01', apiKeyRequired: true, authorizers: [], binaryMediaTypes: [], stageVariables: {} }],
    routes: [{ apiLogicalId: 'Api', functionLogicalId: 'Hello', method: 'GET', path: '/hello', apiKeyRequired: true, payloadFormatVersion: '1.0', eventId: 'Hello' }],
  };
}

type Target = 'plain' | 'recording' | 'watched';

async function startVariant(model: TemplateModel, buildDir: string, recorder?: FeedRecorder) {
  const runtime = await createLambdaRuntime(model, { buildDir, log: () => {}, observer: recorder });
  const gateway = await startGateway(model, runtime, { apiPort: 0, functionUrlPorts: 'random', apiKeys: [API_KEY], log: () => {} });
  return { runtime, gateway, close: async () => (await gateway.close(), await runtime.close()) };
}

/** Nanoseconds per recorded invocation, over `count` of them. */
function recordCost(recorder: FeedRecorder, count: number): number {
  // As the gateway reports it: the trigger said by the invoker, not read from the event.
  const report: InvocationReport = { functionId: 'Hello', requestId: 'r', startedAt: Date.now(), event: '{"httpMethod":"GET","resource":"/hello","headers":{"x-api-key":"k"}}', trigger: { kind: 'route', name: 'GET /hello' }, result: { status: 'ok', payload: { statusCode: 200, body: 'hi' }, durationMs: 1 }, memorySizeMb: 128, maxMemoryUsedMb: 20, logLines: [] };
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) {
    recorder.started('Hello');
    recorder.finished(report);
  }
  return Number(process.hrtime.bigint() - started) / count;
}

async function main(): Promise<void> {
  const loadBefore = loadavg();
  const buildDir = await mkdtemp(join(tmpdir(), 'console-bench-'));
  const model = benchModel();
  const plain = await startVariant(model, buildDir);
  const quietRecorder = new FeedRecorder(new ConsoleFeed(undefined, FEED_SHAPES));
  const recording = await startVariant(model, buildDir, quietRecorder);
  const watchedRecorder = new FeedRecorder(new ConsoleFeed(undefined, FEED_SHAPES));
  const watched = await startVariant(model, buildDir, watchedRecorder);
  const consoleServer = await startConsoleServer({ model, endpoints: { region: 'us-east-1' }, runtime: watched.runtime, feed: watchedRecorder.feed, recorder: watchedRecorder }, { port: 0 });
  // One open page: a reader in its own process, as a browser is.
  const page = spawn('curl', ['-sN', '-H', 'accept: text/event-stream', `${consoleServer.url}api/feed`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let bytesToPage = 0;
  page.stdout.on('data', (chunk: Buffer) => (bytesToPage += chunk.length));
  while (watchedRecorder.feed.subscriberCount === 0) await new Promise((resolve) => setTimeout(resolve, 20));

  const headers = { 'x-api-key': API_KEY.value };
  const targets: Record<Target, LoadTarget> = {
    plain: { url: `${plain.gateway.apiUrl}/hello`, headers },
    recording: { url: `${recording.gateway.apiUrl}/hello`, headers },
    watched: { url: `${watched.gateway.apiUrl}/hello`, headers },
  };
  for (const target of Object.values(targets)) {
    const check = await fetch(target.url, { headers });
    if (check.status !== 200) throw new Error(`${target.url} answered ${check.status}`);
  }
  const order: Target[] = ['plain', 'recording', 'watched'];
  const cpu = cpuPerRequestMeter(order);
  const gc = gcPauseMeter(order);
  const aroundRun = (name: string) => {
    const [afterCpu, afterGc] = [cpu.aroundRun(name), gc.aroundRun(name)];
    return (result: LoadResult) => (afterCpu(result), afterGc(result));
  };
  const results = await runLoadRounds(targets, order, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, aroundRun });
  gc.stop();
  const loadAfter = loadavg();
  const delivered = watchedRecorder.feed.nextSequence - 1;

  const fmt = (n: number, digits = 2) => n.toFixed(digits).padStart(10);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\nConsole feed cost to the gateway: ${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds × ${SECONDS}s per target, load from ${describeLoadTool()}`);
  console.log(`load average ${load(loadBefore)} before, ${load(loadAfter)} after; medians over rounds, ratio = median of per-round ratios to "no console"\n`);
  console.log(`${'target'.padEnd(48)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}${'ratio'.padStart(8)}`);
  for (const [label, name] of [['gateway, no console', 'plain'], ['gateway, console with nobody watching', 'recording'], ['gateway, console with one open page (SSE)', 'watched']] as const) {
    const s = summariseRounds(results[name], results.plain);
    console.log(`${label.padEnd(48)}${fmt(s.rps, 0)}${fmt(s.p50)}${fmt(s.p99)}${String(s.errors).padStart(8)}${s.ratio.toFixed(2).padStart(8)}`);
  }
  const perRound = (name: Target) => roundRatios(results[name], results.plain).map((r) => r.toFixed(2)).join(' ');
  console.log(`\nper-round ratios: nobody watching ${perRound('recording')}; one open page ${perRound('watched')}`);
  console.log(`one open page against no console: ${median(roundRatios(results.watched, results.plain)).toFixed(3)} (target ≥ 0.95); the page received ${delivered} events, ${(bytesToPage / 1024 / 1024).toFixed(1)} MB`);
  if (describeLoadTool() === 'wrk (own process)') {
    // The stack's CPU per request (all its threads; wrk and the page's reader run outside it): on a
    // CPU-bound gateway, throughput goes as its inverse, and it is far steadier than requests/s here.
    console.log(`\nCPU per request of the stack's process, µs (main thread / other threads), and the throughput it implies against no console:`);
    for (const [label, name] of [['no console', 'plain'], ['nobody watching', 'recording'], ['one open page', 'watched']] as const) {
      const implied = cpu.microseconds('plain') / cpu.microseconds(name);
      console.log(`  ${label.padEnd(18)}${cpu.microseconds(name, 'mainMs').toFixed(0).padStart(7)} /${cpu.microseconds(name, 'otherThreadsMs').toFixed(0).padStart(5)}   ${implied.toFixed(3)}`);
    }
    console.log(`  (target: one open page ≥ 0.95)`);
  }
  console.log(`\ngarbage collection pauses on the main thread per request, µs: ${order.map((name) => `${name} ${gc.microseconds(name).toFixed(1)}`).join(', ')}`);

  // The feed alone, without HTTP: what recording one invocation costs.
  const alone = new FeedRecorder(new ConsoleFeed(undefined, FEED_SHAPES));
  recordCost(alone, 200_000);
  const quiet = median([1, 2, 3, 4, 5].map(() => recordCost(alone, 200_000)));
  const unsubscribe = alone.feed.subscribe((entry) => alone.feed.json(entry));
  recordCost(alone, 20_000);
  const serialised = median([1, 2, 3].map(() => recordCost(alone, 20_000)));
  unsubscribe();
  console.log(`\nrecording one invocation in the feed: ${quiet.toFixed(0)} ns with no subscriber; ${(serialised / 1000).toFixed(1)} µs with one (shaped, masked and serialised once)\n`);

  page.kill();
  await consoleServer.close();
  await plain.close();
  await recording.close();
  await watched.close();
  await rm(buildDir, { recursive: true, force: true });
}

await main();
