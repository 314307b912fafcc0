/**
 * Start-up benchmark: `npm start -- --ephemeral` run cold (a new process each time) until the
 * endpoints file appears, and with `--instant` until the first `POST /chat` is answered; the stack
 * process's CPU time until the endpoints file, its RSS one second after (idle, before any request)
 * and its peak RSS after the first chat. Medians of `--runs` (default 5) starts per row.
 *
 * Rows, measured in the same run and interleaved (so that a machine shared with other work skews
 * them alike):
 * - the previous release (`--base`, default 10ae4a2), checked out into a temporary git worktree with
 *   this tree's node_modules linked in, started the same way (`npm start`);
 * - this tree, compiled first (`npm run build`), with the kit's cache as earlier runs left it
 *   (bundles, parsed templates, validated state machines);
 * - the same started as `node bin/genai-kit.mjs start` (what is left without npm's own start-up);
 * - this tree with an empty cache folder each start (a first start after `npm install`).
 *
 *     npx tsx bench/startup.ts [--runs 5] [--base 10ae4a2]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { numberOption } from './lib/benchArgs.js';
import { median } from './lib/statistics.js';

const RUNS = numberOption('runs', 5);
const BASE = process.argv.find((arg, i) => process.argv[i - 1] === '--base') ?? '10ae4a2';
const REPO = fileURLToPath(new URL('..', import.meta.url));
const PORT_FLAGS = ['api', 'function-url', 'bedrock', 'dynamodb', 'sqs', 'stepfunctions', 's3'].flatMap((name) => [`--${name}-port`, '0']);
const DEADLINE_MS = 120_000;

interface Variant {
  label: string;
  dir: string;
  env?: () => NodeJS.ProcessEnv;
  /** Start through `node bin/genai-kit.mjs start` instead of `npm start` (npm's own start-up left out). */
  withoutNpm?: boolean;
  /** Port flags the previous release does not know (its stack has no clock endpoint nor console). */
  newPortFlags?: boolean;
}

/** Services of this tree that listen besides the previous release's, on random ports too (other stacks may hold the defaults). */
const NEW_PORT_FLAGS = ['clock', 'console'].flatMap((name) => [`--${name}-port`, '0']);

interface StartSample {
  endpointsMs: number;
  cpuMs: number;
  idleRssMb: number;
}

interface ChatSample {
  chatMs: number;
  peakRssMb: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The stack's own pid, endpoints file and the milliseconds since spawn it took to appear. */
async function waitForEndpoints(dir: string, before: Set<string>, started: number, child: ChildProcess): Promise<{ pid: number; file: string; ms: number }> {
  const localDir = join(dir, '.local');
  let exited = false;
  child.once('exit', () => (exited = true));
  while (performance.now() - started < DEADLINE_MS) {
    const fresh = existsSync(localDir) ? readdirSync(localDir).find((name) => /^endpoints\.ephemeral-\d+\.json$/.test(name) && !before.has(name)) : undefined;
    if (fresh) {
      const ms = performance.now() - started;
      return { pid: Number(/\d+/.exec(fresh)![0]), file: join(localDir, fresh), ms };
    }
    if (exited) throw new Error(`the stack in ${dir} exited before writing its endpoints file`);
    await sleep(2);
  }
  throw new Error(`no endpoints file from ${dir} within ${DEADLINE_MS} ms`);
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`));
  return Number(/\d+/.exec(line ?? '')?.[0] ?? NaN) / 1024;
}

/** User + system CPU milliseconds of a process (`/proc/<pid>/stat`, in clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One cold start: spawn, wait for the endpoints file, measure, optionally chat once, stop. */
async function coldStart(variant: Variant, instant: boolean): Promise<StartSample & Partial<ChatSample>> {
  const localDir = join(variant.dir, '.local');
  const before = new Set(existsSync(localDir) ? readdirSync(localDir) : []);
  const started = performance.now();
  const flags = ['--ephemeral', '--no-watch', ...(instant ? ['--instant'] : []), ...PORT_FLAGS, ...(variant.newPortFlags ? NEW_PORT_FLAGS : [])];
  const [command, args] = variant.withoutNpm ? [process.execPath, ['bin/genai-kit.mjs', 'start', ...flags]] : ['npm', ['start', '--', ...flags]];
  const child = spawn(command, args, {
    cwd: variant.dir,
    env: { ...process.env, ...variant.env?.() },
    stdio: 'ignore',
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    const found = await waitForEndpoints(variant.dir, before, started, child);
    const cpu = cpuMs(found.pid);
    let sample: StartSample & Partial<ChatSample>;
    if (instant) {
      const endpoints = JSON.parse(readFileSync(found.file, 'utf8')) as { api: string; apiKey?: string; token?: string };
      const answer = await fetch(`${endpoints.api}/chat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(endpoints.apiKey ? { 'x-api-key': endpoints.apiKey } : {}), ...(endpoints.token ? { authorization: `Bearer ${endpoints.token}` } : {}) },
        body: JSON.stringify({ message: 'Hello' }),
      });
      await answer.text();
      if (answer.status !== 200) throw new Error(`${variant.label}: POST /chat answered ${answer.status}`);
      sample = { endpointsMs: found.ms, cpuMs: cpu, idleRssMb: NaN, chatMs: performance.now() - started, peakRssMb: procStatus(found.pid, 'VmHWM') };
    } else {
      await sleep(1000);
      sample = { endpointsMs: found.ms, cpuMs: cpu, idleRssMb: procStatus(found.pid, 'VmRSS') };
    }
    process.kill(found.pid, 'SIGINT');
    return sample;
  } finally {
    // Whatever happened, the whole npm process group goes, and the next start waits for it.
    const deadline = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(deadline);
  }
}

/** A git worktree of the previous release with this tree's node_modules linked in. */
function checkOutBase(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'startup-base-'));
  rmSync(dir, { recursive: true, force: true });
  const added = spawnSync('git', ['worktree', 'add', '--detach', dir, BASE], { cwd: REPO, encoding: 'utf8' });
  if (added.status !== 0) throw new Error(`git worktree add ${BASE} failed: ${added.stderr}`);
  symlinkSync(realpathSync(join(REPO, 'node_modules')), join(dir, 'node_modules'));
  return {
    dir,
    remove: () => {
      spawnSync('git', ['worktree', 'remove', '--force', dir], { cwd: REPO });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function main(): Promise<void> {
  const built = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run build failed');
  const base = checkOutBase();
  const emptyCaches: string[] = [];
  const variants: Variant[] = [
    { label: `previous release (${BASE}), tsx`, dir: base.dir },
    { label: 'this tree: dist/, warm cache', dir: REPO, newPortFlags: true },
    { label: 'this tree: warm cache, node bin/ (no npm)', dir: REPO, newPortFlags: true, withoutNpm: true },
    {
      label: 'this tree: dist/, empty cache (first start)',
      dir: REPO,
      newPortFlags: true,
      env: () => {
        const cache = mkdtempSync(join(tmpdir(), 'startup-cache-'));
        emptyCaches.push(cache);
        return { GENAI_KIT_CACHE_DIR: cache };
      },
    },
  ];
  const loadBefore = loadavg();
  const samples = new Map(variants.map((variant) => [variant, { starts: [] as StartSample[], chats: [] as ChatSample[] }]));
  try {
    // One start of each to warm the disk cache and the kit's cache; then interleaved rounds.
    for (const variant of variants) await coldStart(variant, true);
    for (let run = 0; run < RUNS; run++) {
      for (let i = 0; i < variants.length; i++) {
        const variant = variants[(i + run) % variants.length];
        samples.get(variant)!.starts.push(await coldStart(variant, false));
        samples.get(variant)!.chats.push((await coldStart(variant, true)) as ChatSample);
      }
    }
  } finally {
    base.remove();
    for (const cache of emptyCaches) rmSync(cache, { recursive: true, force: true });
  }
  const loadAfter = loadavg();

  const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
  console.log(`\nStart-up: npm start -- --ephemeral, ${RUNS} cold starts per row and mode, rows interleaved; medians`);
  console.log(`load average ${load(loadBefore)} before, ${load(loadAfter)} after (${process.env.CI ? 'CI' : 'this machine'})\n`);
  const head = ['endpoints ms', 'CPU ms', '/chat ms', 'idle RSS MB', 'peak RSS MB', '× endpoints', '× /chat'];
  console.log(`${'row'.padEnd(48)}${head.map((h) => h.padStart(13)).join('')}`);
  const reference = samples.get(variants[0])!;
  const refEndpoints = median(reference.starts.map((s) => s.endpointsMs));
  const refChat = median(reference.chats.map((s) => s.chatMs));
  for (const variant of variants) {
    const { starts, chats } = samples.get(variant)!;
    const endpoints = median(starts.map((s) => s.endpointsMs));
    const chat = median(chats.map((s) => s.chatMs));
    const cells = [endpoints, median(starts.map((s) => s.cpuMs)), chat, median(starts.map((s) => s.idleRssMb)), median(chats.map((s) => s.peakRssMb))].map((n) => n.toFixed(0));
    cells.push((endpoints / refEndpoints).toFixed(2), (chat / refChat).toFixed(2));
    console.log(`${variant.label.padEnd(48)}${cells.map((c) => c.padStart(13)).join('')}`);
  }
  console.log('\nendpoints: spawn of npm start (or node bin/genai-kit.mjs start) → .local/endpoints.ephemeral-<pid>.json; /chat: spawn with --instant → first POST /chat answered 200;');
  console.log('CPU: the stack process\'s user+system time at the endpoints file; × : the row against the previous release (lower is faster).');
  console.log('(target: endpoints and /chat under 1000 ms on an idle 2-core machine, idle RSS under 150 MB)\n');
}

await main();
