/**
 * The benchmarks' HTTP load generator: a number of keep-alive connections, each a loop of sequential
 * GETs, for a given time. By default it runs in a worker thread (its own event loop); with `--wrk`
 * the load comes from `wrk` (`apt-get install wrk`), a separate C process, instead.
 */
import { execFile } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { flagOption } from './benchArgs.js';

export interface LoadResult {
  requests: number;
  errors: number;
  seconds: number;
  p50: number;
  p99: number;
}

/** Where a load comes from: `node` (a worker thread of this process) or `wrk` (its own process). */
export type LoadTool = 'node' | 'wrk';

/** The tool the command line chose (`--wrk`). */
export const LOAD_TOOL: LoadTool = flagOption('wrk') ? 'wrk' : 'node';

/** How the tables name the load's source. */
export function describeLoadTool(tool: LoadTool = LOAD_TOOL): string {
  return tool === 'wrk' ? 'wrk (own process)' : 'a worker thread';
}

/** The load generator, run in a worker thread: `connections` loops of keep-alive GETs. */
const LOAD_SCRIPT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, headers, connections, durationMs } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
const latencies = [];
let errors = 0;
function once() {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = http.request(url, { agent, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => {
        if (res.statusCode !== 200) errors++;
        latencies.push(performance.now() - started);
        resolve();
      });
    });
    req.on('error', () => { errors++; resolve(); });
    req.end();
  });
}
async function loop(deadline) { while (performance.now() < deadline) await once(); }
(async () => {
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(Array.from({ length: connections }, () => loop(deadline)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * p))] ?? NaN;
  agent.destroy();
  parentPort.postMessage({ requests: latencies.length, errors, seconds, p50: q(0.5), p99: q(0.99) });
})();
`;

/**
 * Loads `url` from `connections` keep-alive connections for `durationMs` (wrk: whole seconds).
 * @example
 * const result = await runLoad('http://127.0.0.1:3000/hello', {}, 2000, 10);
 * console.log(result.requests / result.seconds, result.p50);
 */
export function runLoad(url: string, headers: Record<string, string>, durationMs: number, connections: number, tool: LoadTool = LOAD_TOOL): Promise<LoadResult> {
  return tool === 'wrk' ? runWrk(url, headers, durationMs, connections) : runNodeLoad(url, headers, durationMs, connections);
}

/** Milliseconds of a wrk duration such as `120.00us`, `3.01ms` or `1.2s`. */
function wrkMs(value: string, unit: string): number {
  return Number(value) * ({ us: 0.001, ms: 1, s: 1000, m: 60_000 }[unit] ?? NaN);
}

/** The same load from `wrk` (Debian's package), a separate C process: no client code shares our cores' Node threads. */
function runWrk(url: string, headers: Record<string, string>, durationMs: number, connections: number): Promise<LoadResult> {
  const headerArgs = Object.entries(headers).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const seconds = Math.max(1, Math.round(durationMs / 1000));
  return new Promise((resolve, reject) => {
    execFile('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', ...headerArgs, url], (error, stdout) => {
      if (error) return reject(new Error(`wrk failed (is it installed? apt-get install wrk): ${error.message}`));
      const match = (pattern: RegExp) => pattern.exec(stdout) ?? undefined;
      const total = match(/(\d+) requests in ([\d.]+)(us|ms|s|m)/);
      const p50 = match(/50%\s+([\d.]+)(us|ms|s)/);
      const p99 = match(/99%\s+([\d.]+)(us|ms|s)/);
      if (!total || !p50 || !p99) return reject(new Error(`unexpected wrk output:\n${stdout}`));
      const socketErrors = match(/Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/)?.slice(1).reduce((sum, n) => sum + Number(n), 0) ?? 0;
      resolve({
        requests: Number(total[1]),
        errors: Number(match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? 0) + socketErrors,
        seconds: wrkMs(total[2], total[3]) / 1000,
        p50: wrkMs(p50[1], p50[2]),
        p99: wrkMs(p99[1], p99[2]),
      });
    });
  });
}

function runNodeLoad(url: string, headers: Record<string, string>, durationMs: number, connections: number): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(LOAD_SCRIPT, { eval: true, workerData: { url, headers, connections, durationMs } });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolve(result);
    });
    worker.once('error', reject);
  });
}
