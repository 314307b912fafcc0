/**
 * CPU time spent by this process (all its threads) and by its live child processes (Linux `/proc`),
 * to tell where a benchmark's time goes: the kit's own event loop and threads, or the function
 * processes it runs. Children's times come in clock ticks (1/100 s), so measure over seconds.
 */
import { readdirSync, readFileSync } from 'node:fs';

export interface CpuSample {
  /** This process, every thread, user + system, ms. */
  ownMs: number;
  /** Live child processes (less those named in `exclude`), user + system, ms. */
  childrenMs: number;
}

const TICK_MS = 10;

function read(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/** Ids of this process's children (any thread may have started them). */
function childPids(): number[] {
  return readdirSync('/proc/self/task').flatMap((task) => read(`/proc/self/task/${task}/children`).split(' ').filter(Boolean).map(Number));
}

/** utime + stime of a process in ms, or 0 when it is gone or is named in `exclude`. */
function processCpuMs(pid: number, exclude: string[]): number {
  const stat = read(`/proc/${pid}/stat`);
  const close = stat.lastIndexOf(')');
  if (close < 0 || exclude.includes(stat.slice(stat.indexOf('(') + 1, close))) return 0;
  // Fields after the command: state (3), …, utime (14), stime (15).
  const fields = stat.slice(close + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/**
 * @example
 * const before = sampleCpu(['wrk']);
 * await work();
 * const after = sampleCpu(['wrk']);
 * console.log(after.ownMs - before.ownMs, after.childrenMs - before.childrenMs);
 */
export function sampleCpu(exclude: string[] = []): CpuSample {
  const usage = process.cpuUsage();
  return { ownMs: (usage.user + usage.system) / 1000, childrenMs: childPids().reduce((sum, pid) => sum + processCpuMs(pid, exclude), 0) };
}

/** A process's CPU in ms (this one's by default), split between its main thread and all its other threads (workers, libuv, V8). */
export function sampleThreadCpu(pid = process.pid): { mainMs: number; otherThreadsMs: number } {
  let mainMs = 0;
  let otherThreadsMs = 0;
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const ms = threadCpuMs(pid, task);
    if (Number(task) === pid) mainMs += ms;
    else otherThreadsMs += ms;
  }
  return { mainMs, otherThreadsMs };
}

/** utime + stime of one thread of a process, in ms (0 when it ended meanwhile). */
function threadCpuMs(pid: number, task: string): number {
  const stat = read(`/proc/${pid}/task/${task}/stat`);
  const close = stat.lastIndexOf(')');
  if (close < 0) return 0;
  const fields = stat.slice(close + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** CPU this process spent per request, by target, summed over measured runs. */
export interface CpuPerRequest {
  mainMs: number;
  otherThreadsMs: number;
  requests: number;
}

/**
 * Sums a process's CPU (main thread, other threads) and the requests served per target, for
 * {@link runLoadRounds}'s `aroundRun`: CPU per request is far less sensitive to a busy machine than
 * requests/s. The process serving a target is this one unless `pids` names another. Meaningful only
 * when the load comes from another process (`--wrk`).
 */
export function cpuPerRequestMeter<T extends string>(targets: T[], pids: Partial<Record<T, number>> = {}) {
  const totals = Object.fromEntries(targets.map((name) => [name, { mainMs: 0, otherThreadsMs: 0, requests: 0 }])) as Record<T, CpuPerRequest>;
  const aroundRun = (name: string) => {
    const pid = pids[name as T];
    const before = sampleThreadCpu(pid);
    return (result: { requests: number }) => {
      const after = sampleThreadCpu(pid);
      const total = totals[name as T];
      total.mainMs += after.mainMs - before.mainMs;
      total.otherThreadsMs += after.otherThreadsMs - before.otherThreadsMs;
      total.requests += result.requests;
    };
  };
  /** Microseconds of this process's CPU per request (all threads, or one side). */
  const microseconds = (name: T, side: keyof Omit<CpuPerRequest, 'requests'> | 'all' = 'all') => {
    const total = totals[name];
    const ms = side === 'all' ? total.mainMs + total.otherThreadsMs : total[side];
    return (ms * 1000) / Math.max(1, total.requests);
  };
  return { totals, aroundRun, microseconds };
}
