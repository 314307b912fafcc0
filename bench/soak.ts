/**
 * Soak: the whole embedded stack under mixed load at a fixed rate for minutes (not in CI), printing
 * per minute the process's RSS, V8 heap and external memory, its active handles, and per-request
 * latency (p50/p99) and answers. The target: flat memory after warm-up, and no unexpected 5xx.
 *
 * The functions are built before the load starts; their environments start under it (cold starts
 * are part of the first minute). The mix is the application's own routes, through the gateway with
 * a dev token (the per-user key comes from it): chats (one in four continues a conversation),
 * streamed chats read to the end, task submissions whose status is read back, small document
 * pipelines, knowledge-base questions.
 *
 *     npx tsx bench/soak.ts [--minutes 10] [--rate 20] [--in-flight 40] [--gc] [--heap-snapshots <dir> [--snapshot-minutes 2,8] [--snapshot-function ChatFunction]]
 *
 * `--gc` forces a full garbage collection before each minute's sample, in the main thread and in
 * every environment, so `heap GC` and `env GC` are live heaps rather than whatever the collectors have
 * not reclaimed yet. `--heap-snapshots <dir>` writes the main thread's heap snapshot at the end of the
 * minutes named by `--snapshot-minutes` (default 2 and 8), and one environment's (the oldest of
 * `--snapshot-function`, default ChatFunction), to compare with
 * `npx tsx bench/lib/compareHeapSnapshots.ts <a> <b>`. `V8 MB` is the main thread's heap as resident
 * (what it holds of RSS, garbage and free pages included). The `env …` columns are the functions'
 * environments (worker threads), summed: their V8 heap in use (`env GC` with `--gc`), as resident
 * (`env V8`) and of that their young generation's (`young`), their external memory, and their count:
 * the part of RSS that is not the main thread's.
 *
 * RSS is mostly the environments' (dozens of worker threads). On glibc, `MALLOC_ARENA_MAX=2` in the
 * environment keeps it ~300 MB lower and flat: each thread's own malloc arena otherwise fragments
 * and RSS creeps up while every V8 heap stays flat (the container image sets it).
 *
 * `SOAK_LOG=<file>` appends the stack's log lines to that file (the 5xx's causes are there).
 *
 * `npm run bench` skips it; `npm run bench -- soak` runs it.
 */
import { appendFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { FunctionEnvironmentsMemory } from '../local/runtime/index.js';
import { startStack } from '../local/stack.js';
import { flagOption, numberOption, stringOption } from './lib/benchArgs.js';
import { percentile } from './lib/statistics.js';

const MINUTES = numberOption('minutes', 10);
const RATE = numberOption('rate', 20);
const MAX_IN_FLIGHT = numberOption('in-flight', 40);
const FORCE_GC = flagOption('gc');
const SNAPSHOT_DIR = stringOption('heap-snapshots');
const SNAPSHOT_MINUTES = new Set((stringOption('snapshot-minutes') ?? '2,8').split(',').map(Number));
const SNAPSHOT_FUNCTION = stringOption('snapshot-function') ?? 'ChatFunction';
/** The template's usage plan (10 req/s per key) and reserved concurrency (10) would throttle one user at this rate. */
const OVERRIDES = { ApiThrottleRateLimit: '10000', ApiThrottleBurstLimit: '10000', ApiQuotaPerDay: '100000000', ReservedConcurrency: '1000' };

type RequestKind = 'chat' | 'stream' | 'task' | 'document' | 'knowledge';
const MIX: RequestKind[] = ['chat', 'chat', 'chat', 'stream', 'stream', 'task', 'task', 'document', 'knowledge', 'knowledge'];

interface MinuteStats {
  latencies: number[];
  byStatus: Map<number, number>;
  failures: number;
}

async function main(): Promise<void> {
  // Data on disk (a scratch folder), as `npm start` keeps it: an ephemeral stack holds every table
  // item, message and execution in memory, and that growth is the data's, not the kit's.
  const dataDir = await mkdtemp(path.join(tmpdir(), 'soak-'));
  const stack = await startStack({ dataDir, ports: 'random', watch: false, writeEndpointsFile: false, parameterOverrides: OVERRIDES, log: stackLog() });
  // Bundles built before the load, as a running `npm start` has them: building nine functions under
  // the first seconds' requests is startup (bench/startup.ts), and made the first answers time out.
  const built = await stack.runtime.prepare();
  for (const failed of built.filter((result) => !result.ok)) console.log(`${failed.functionId} did not build: ${failed.error?.errorMessage}`);
  const api = stack.endpoints.api!;
  const headers = { authorization: `Bearer ${stack.endpoints.token}`, 'content-type': 'application/json' };
  const conversations: string[] = [];
  let sequence = 0;

  /** One request of the mix, its follow-up read included; resolves with the status that counts. */
  async function send(kind: RequestKind): Promise<number> {
    const n = ++sequence;
    switch (kind) {
      case 'chat': {
        const conversation = n % 4 === 0 ? conversations[n % Math.max(1, conversations.length)] : undefined;
        const response = await fetch(`${api}/chat`, { method: 'POST', headers, body: JSON.stringify({ message: `soak message ${n}`, conversation_id: conversation }) });
        const body = (await response.json()) as { conversation_id?: string };
        if (body.conversation_id && conversations.length < 200) conversations.push(body.conversation_id);
        return response.status;
      }
      case 'stream': {
        const response = await fetch(`${api}/chat/stream`, { method: 'POST', headers, body: JSON.stringify({ message: `soak stream ${n}` }) });
        await response.text();
        return response.status;
      }
      case 'task': {
        const response = await fetch(`${api}/tasks`, { method: 'POST', headers, body: JSON.stringify({ prompt: `soak task ${n}` }) });
        const { task_id: taskId } = (await response.json()) as { task_id?: string };
        if (response.status !== 202 || !taskId) return response.status;
        const status = await fetch(`${api}/tasks/${taskId}`, { headers });
        await status.text();
        return status.status === 200 ? response.status : status.status;
      }
      case 'document': {
        const response = await fetch(`${api}/documents`, { method: 'POST', headers, body: JSON.stringify({ text: `Soak document ${n}. Revenue grew; churn fell.` }) });
        await response.text();
        return response.status;
      }
      case 'knowledge': {
        const response = await fetch(`${api}/knowledge/query`, { method: 'POST', headers, body: JSON.stringify({ question: `What happens to a task message that keeps failing? (${n})` }) });
        await response.text();
        return response.status;
      }
    }
  }

  const minutes: MinuteStats[] = [];
  const environmentsByMinute: FunctionEnvironmentsMemory[][] = [];
  const newMinute = (): MinuteStats => ({ latencies: [], byStatus: new Map(), failures: 0 });
  let current = newMinute();
  let inFlight = 0;
  let skipped = 0;
  const serverErrors = new Map<string, number>();
  const started = performance.now();
  const end = started + MINUTES * 60_000;
  console.log(`Soak: ${MINUTES} min at ${RATE} req/s (mix: ${[...new Set(MIX)].join(', ')}), at most ${MAX_IN_FLIGHT} in flight; Node ${process.versions.node}\n`);
  const collectGarbage = FORCE_GC ? exposedGc() : undefined;
  console.log(`${'min'.padStart(4)}${'requests'.padStart(10)}${'2xx'.padStart(8)}${'4xx'.padStart(6)}${'5xx'.padStart(6)}${'errors'.padStart(8)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'RSS MB'.padStart(9)}${(FORCE_GC ? 'heap GC' : 'heap MB').padStart(9)}${'V8 MB'.padStart(8)}${'ext MB'.padStart(8)}${'handles'.padStart(9)}${(FORCE_GC ? 'env GC' : 'env MB').padStart(8)}${'env V8'.padStart(8)}${'young'.padStart(7)}${'env ext'.padStart(8)}${'envs'.padStart(6)}`);

  const report = async () => {
    const minute = minutes.length + 1;
    const stats = current;
    minutes.push(current);
    current = newMinute();
    const snapshot = SNAPSHOT_DIR && SNAPSHOT_MINUTES.has(minute);
    const environments = await stack.runtime.inspectEnvironments({
      collectGarbage: FORCE_GC,
      heapSnapshot: snapshot ? { functionId: SNAPSHOT_FUNCTION, file: path.join(SNAPSHOT_DIR, `soak-minute-${minute}-${SNAPSHOT_FUNCTION}.heapsnapshot`) } : undefined,
    });
    environmentsByMinute.push(environments);
    collectGarbage?.();
    const memory = process.memoryUsage();
    const heap = getHeapStatistics();
    const sorted = [...stats.latencies].sort((a, b) => a - b);
    const count = (predicate: (status: number) => boolean) => [...stats.byStatus].filter(([status]) => predicate(status)).reduce((sum, [, n]) => sum + n, 0);
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
    console.log(
      `${String(minute).padStart(4)}${String(sorted.length).padStart(10)}${String(count((s) => s < 300)).padStart(8)}${String(count((s) => s >= 400 && s < 500)).padStart(6)}` +
        `${String(count((s) => s >= 500)).padStart(6)}${String(stats.failures).padStart(8)}${(sorted.length ? percentile(sorted, 0.5) : NaN).toFixed(1).padStart(9)}${(sorted.length ? percentile(sorted, 0.99) : NaN).toFixed(1).padStart(9)}` +
        `${mb(memory.rss).padStart(9)}${mb(heap.used_heap_size).padStart(9)}${mb(heap.total_physical_size).padStart(8)}${mb(memory.external).padStart(8)}${String(process.getActiveResourcesInfo().length).padStart(9)}` +
        `${String(sumOf(environments, 'heapUsedMb')).padStart(8)}${String(sumOf(environments, 'heapResidentMb')).padStart(8)}${String(sumOf(environments, 'youngResidentMb')).padStart(7)}${String(sumOf(environments, 'externalMb')).padStart(8)}${String(sumOf(environments, 'count')).padStart(6)}`,
    );
    if (snapshot) console.log(`     heap snapshots: ${writeHeapSnapshot(path.join(SNAPSHOT_DIR, `soak-minute-${minute}.heapsnapshot`))}, ${SNAPSHOT_FUNCTION}'s oldest environment beside it`);
  };
  // A minute's sample waits for the environments' answers: the last one must be in before the stack closes.
  let reporting = Promise.resolve();
  const minuteTimer = setInterval(() => (reporting = reporting.then(report)), 60_000);

  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      if (performance.now() >= end) {
        clearInterval(tick);
        const wait = setInterval(() => {
          if (inFlight === 0) {
            clearInterval(wait);
            resolve();
          }
        }, 50);
        return;
      }
      if (inFlight >= MAX_IN_FLIGHT) {
        skipped++;
        return;
      }
      inFlight++;
      const kind = MIX[sequence % MIX.length];
      const sent = performance.now();
      // Counted in the minute the answer arrives: a slow answer to a request of a minute already reported still shows.
      send(kind)
        .then((status) => {
          current.byStatus.set(status, (current.byStatus.get(status) ?? 0) + 1);
          if (status >= 500) serverErrors.set(`${kind} ${status}`, (serverErrors.get(`${kind} ${status}`) ?? 0) + 1);
        })
        .catch(() => current.failures++)
        .finally(() => {
          current.latencies.push(performance.now() - sent);
          inFlight--;
        });
    }, 1000 / RATE);
  });
  clearInterval(minuteTimer);
  await reporting;
  if (current.latencies.length) await report();

  const fiveHundreds = minutes.reduce((sum, m) => sum + [...m.byStatus].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0), 0);
  console.log(`\n${fiveHundreds} unexpected 5xx, ${minutes.reduce((s, m) => s + m.failures, 0)} transport errors, ${skipped} ticks skipped at the in-flight cap (target: 0 5xx; RSS and heap flat after the first minutes)`);
  const [afterWarmUp, last] = [environmentsByMinute[Math.min(1, environmentsByMinute.length - 1)], environmentsByMinute.at(-1)];
  if (afterWarmUp && last) console.log(`Environments by function, minute ${Math.min(2, environmentsByMinute.length)} → ${environmentsByMinute.length} (count × MB each): ${last.filter((fn) => fn.count).map((fn) => `${fn.functionId} ${describeEnvironments(afterWarmUp.find((e) => e.functionId === fn.functionId))} → ${describeEnvironments(fn)}`).join(', ')}`);
  if (serverErrors.size) console.log(`5xx by request: ${[...serverErrors].map(([what, n]) => `${what} ×${n}`).join(', ')}`);
  await stack.close();
  await rm(dataDir, { recursive: true, force: true });
}

function describeEnvironments(environments: FunctionEnvironmentsMemory | undefined): string {
  return environments?.count ? `${environments.count}×${(environments.heapUsedMb / environments.count).toFixed(0)}` : '0';
}

function sumOf(environments: FunctionEnvironmentsMemory[], field: 'heapUsedMb' | 'heapResidentMb' | 'youngResidentMb' | 'externalMb' | 'count'): number {
  return environments.reduce((sum, e) => sum + e[field], 0);
}

/** `gc()` without `node --expose-gc`: the flag set at run time, the function taken from a fresh context. */
function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function stackLog(): (line: string) => void {
  const file = process.env.SOAK_LOG;
  return file ? (line) => appendFileSync(file, `${line}\n`) : () => undefined;
}

await main();
