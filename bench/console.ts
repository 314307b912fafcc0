/**
 * Console benchmark: what the console's feed costs the gateway. The same trivial route (API key, v1
 * event, worker thread, access log) through three stacks, each in a process of its own as a user's
 * stack runs (`bench/lib/consoleVariant.ts`; sharing one heap, each would pay for the others'
 * collections), measured in interleaved rounds:
 *
 * - no console: the runtime has no observer (the reference);
 * - console, nobody watching: every invocation is recorded in the feed's history;
 * - console, one open page: the same, plus one SSE subscriber (`curl -N` in its own process, as a
 *   browser would be) receiving every invocation as it happens.
 *
 * Then the feed alone: nanoseconds per recorded invocation with no subscriber and with one (which
 * masks and serialises each event once).
 *
 *     npx tsx bench/console.ts [--seconds 2] [--rounds 3] [--wrk]
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ConsoleFeed, FeedRecorder, FEED_SHAPES } from '../local/console/index.js';
import type { InvocationReport } from '../local/runtime/types.js';
import { numberOption } from './lib/benchArgs.js';
import { describeLoadTool } from './lib/httpLoad.js';
import { median } from './lib/statistics.js';
import { roundRatios, runLoadRounds, summariseRounds, type LoadTarget } from './lib/loadRounds.js';
import { cpuPerRequestMeter } from './lib/processCpu.js';

const SECONDS = numberOption('seconds', 2);
const ROUNDS = numberOption('rounds', 3);
const CONNECTIONS = 10;

type Target = 'plain' | 'recording' | 'watched';

interface VariantStats {
  gcMs: number;
  delivered: number;
  bytesToPage: number;
}

/** A stack variant's process: its request, its pid, its stats on demand. */
interface VariantProcess {
  target: LoadTarget;
  pid: number;
  stats(): Promise<VariantStats>;
  close(): Promise<void>;
}

async function startVariantProcess(variant: Target): Promise<VariantProcess> {
  const script = fileURLToPath(new URL('./lib/consoleVariant.ts', import.meta.url));
  const child = spawn(process.execPath, [...process.execArgv, script, variant], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const nextLine = async () => {
    const line = await lines.next();
    if (line.done) throw new Error(`the ${variant} stack exited`);
    return JSON.parse(line.value) as unknown;
  };
  const target = (await nextLine()) as LoadTarget;
  return {
    target,
    pid: child.pid!,
    stats: async () => (child.stdin.write('stats\n'), (await nextLine()) as VariantStats),
    close: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.stdin.end())),
  };
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
  const order: Target[] = ['plain', 'recording', 'watched'];
  const stacks = Object.fromEntries(await Promise.all(order.map(async (name) => [name, await startVariantProcess(name)] as const))) as Record<Target, VariantProcess>;
  const targets = Object.fromEntries(order.map((name) => [name, stacks[name].target])) as Record<Target, LoadTarget>;
  for (const target of Object.values(targets)) {
    const check = await fetch(target.url, { headers: target.headers });
    if (check.status !== 200) throw new Error(`${target.url} answered ${check.status}`);
  }
  const cpu = cpuPerRequestMeter(order, Object.fromEntries(order.map((name) => [name, stacks[name].pid])));
  const allStats = async () => Object.fromEntries(await Promise.all(order.map(async (name) => [name, await stacks[name].stats()] as const))) as Record<Target, VariantStats>;
  let before = {} as Record<Target, VariantStats>;
  // A longer warm-up than the default: each stack has its own JIT and worker pool to warm.
  const results = await runLoadRounds(targets, order, { rounds: ROUNDS, seconds: SECONDS, connections: CONNECTIONS, warmUpMs: 3000, afterWarmUp: async () => void (before = await allStats()), aroundRun: cpu.aroundRun });
  const after = await allStats();
  const loadAfter = loadavg();
  const served = (name: Target) => results[name].reduce((sum, run) => sum + run.requests, 0);
  const gcMicroseconds = (name: Target) => ((after[name].gcMs - before[name].gcMs) * 1000) / Math.max(1, served(name));

  const fmt = (n: number, digits = 2) => n.toFixed(digits).padStart(10);
  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\nConsole feed cost to the gateway: each stack in its own process, ${CONNECTIONS} keep-alive connections, ${ROUNDS} interleaved rounds × ${SECONDS}s per target, load from ${describeLoadTool()}`);
  console.log(`load average ${load(loadBefore)} before, ${load(loadAfter)} after; medians over rounds, ratio = median of per-round ratios to "no console"\n`);
  console.log(`${'target'.padEnd(48)}${'req/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}${'ratio'.padStart(8)}`);
  for (const [label, name] of [['gateway, no console', 'plain'], ['gateway, console with nobody watching', 'recording'], ['gateway, console with one open page (SSE)', 'watched']] as const) {
    const s = summariseRounds(results[name], results.plain);
    console.log(`${label.padEnd(48)}${fmt(s.rps, 0)}${fmt(s.p50)}${fmt(s.p99)}${String(s.errors).padStart(8)}${s.ratio.toFixed(2).padStart(8)}`);
  }
  const perRound = (name: Target) => roundRatios(results[name], results.plain).map((r) => r.toFixed(2)).join(' ');
  const page = after.watched;
  console.log(`\nper-round ratios: nobody watching ${perRound('recording')}; one open page ${perRound('watched')}`);
  console.log(`one open page against no console: ${median(roundRatios(results.watched, results.plain)).toFixed(3)} (target ≥ 0.95); the page received ${page.delivered} events, ${(page.bytesToPage / 1024 / 1024).toFixed(1)} MB`);
  if (describeLoadTool() === 'wrk (own process)') {
    // Each stack's CPU per request (all its threads; wrk and the page's reader run outside it): on a
    // CPU-bound gateway, throughput goes as its inverse, and it is far steadier than requests/s here.
    console.log(`\nCPU per request of each stack's process, µs (main thread / other threads), and the throughput it implies against no console:`);
    for (const [label, name] of [['no console', 'plain'], ['nobody watching', 'recording'], ['one open page', 'watched']] as const) {
      const implied = cpu.microseconds('plain') / cpu.microseconds(name);
      console.log(`  ${label.padEnd(18)}${cpu.microseconds(name, 'mainMs').toFixed(0).padStart(7)} /${cpu.microseconds(name, 'otherThreadsMs').toFixed(0).padStart(5)}   ${implied.toFixed(3)}`);
    }
    console.log(`  (target: one open page ≥ 0.95)`);
  }
  console.log(`\ngarbage collection pauses on the main thread per request, µs: ${order.map((name) => `${name} ${gcMicroseconds(name).toFixed(1)}`).join(', ')}`);

  // The feed alone, without HTTP: what recording one invocation costs.
  const alone = new FeedRecorder(new ConsoleFeed(undefined, FEED_SHAPES));
  recordCost(alone, 200_000);
  const quiet = median([1, 2, 3, 4, 5].map(() => recordCost(alone, 200_000)));
  const unsubscribe = alone.feed.subscribe((entry) => alone.feed.json(entry));
  recordCost(alone, 20_000);
  const serialised = median([1, 2, 3].map(() => recordCost(alone, 20_000)));
  unsubscribe();
  console.log(`\nrecording one invocation in the feed: ${quiet.toFixed(0)} ns with no subscriber; ${(serialised / 1000).toFixed(1)} µs with one (shaped, masked and serialised once)\n`);

  await Promise.all(order.map((name) => stacks[name].close()));
}

await main();
