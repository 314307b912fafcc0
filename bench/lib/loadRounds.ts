/**
 * Interleaved load rounds: every target is loaded once per round, the order rotating each round, so
 * that a machine shared with other work skews all targets alike; the summaries are medians over
 * rounds, and a ratio is the median of the per-round ratios.
 */
import { runLoad, type LoadResult } from './httpLoad.js';
import { median } from './statistics.js';

export interface LoadTarget {
  url: string;
  headers: Record<string, string>;
}

export interface RoundsOptions {
  rounds: number;
  /** Per target and round. */
  seconds: number;
  connections: number;
  /** Milliseconds of load on each target before the first round (JIT, pools, caches); default 700. */
  warmUpMs?: number;
  /** Called once the targets are warm, before the first round. */
  afterWarmUp?: () => Promise<void>;
  /** Called before each measured run of a target; what it returns is called with the run's result. */
  aroundRun?: (name: string) => (result: LoadResult) => void;
}

/** Warms every target up, then runs the rounds in `order` rotated by one each round. */
export async function runLoadRounds<T extends string>(targets: Record<T, LoadTarget>, order: T[], options: RoundsOptions): Promise<Record<T, LoadResult[]>> {
  for (const name of order) await runLoad(targets[name].url, targets[name].headers, options.warmUpMs ?? 700, options.connections);
  await options.afterWarmUp?.();
  const results = Object.fromEntries(order.map((name) => [name, [] as LoadResult[]])) as Record<T, LoadResult[]>;
  for (let round = 0; round < options.rounds; round++) {
    for (let i = 0; i < order.length; i++) {
      const name = order[(i + round) % order.length];
      const after = options.aroundRun?.(name);
      const result = await runLoad(targets[name].url, targets[name].headers, options.seconds * 1000, options.connections);
      after?.(result);
      results[name].push(result);
    }
  }
  return results;
}

export function requestsPerSecond(result: LoadResult): number {
  return result.requests / result.seconds;
}

/** The per-round ratios of requests/s of `list` to `reference` (same rounds). */
export function roundRatios(list: LoadResult[], reference: LoadResult[]): number[] {
  return list.map((result, i) => requestsPerSecond(result) / requestsPerSecond(reference[i]));
}

export interface RoundsSummary {
  rps: number;
  p50: number;
  p99: number;
  worstP99: number;
  errors: number;
  /** Median of `ratios`. */
  ratio: number;
  /** Requests/s against the reference, round by round. */
  ratios: number[];
}

/** Medians over rounds of one target, with its ratio to `reference` (e.g. the bare route). */
export function summariseRounds(list: LoadResult[], reference: LoadResult[]): RoundsSummary {
  const ratios = roundRatios(list, reference);
  return {
    rps: median(list.map(requestsPerSecond)),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    worstP99: Math.max(...list.map((r) => r.p99)),
    errors: list.reduce((s, r) => s + r.errors, 0),
    ratio: median(ratios),
    ratios,
  };
}
