/**
 * The garbage collector's pauses on the main thread per request, by target, for
 * {@link runLoadRounds}'s `aroundRun`: what a component costs in collections (objects it keeps alive
 * being copied again and again) shows here far more steadily than in requests/s on a shared machine.
 */
import { PerformanceObserver } from 'node:perf_hooks';

export function gcPauseMeter<T extends string>(targets: T[]) {
  let pausedMs = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) pausedMs += entry.duration;
  });
  observer.observe({ entryTypes: ['gc'] });
  const totals = Object.fromEntries(targets.map((name) => [name, { ms: 0, requests: 0 }])) as Record<T, { ms: number; requests: number }>;
  const aroundRun = (name: string) => {
    const before = pausedMs;
    return (result: { requests: number }) => {
      const total = totals[name as T];
      total.ms += pausedMs - before;
      total.requests += result.requests;
    };
  };
  /** Microseconds of main-thread collection pauses per request. */
  const microseconds = (name: T) => (totals[name].ms * 1000) / Math.max(1, totals[name].requests);
  return { aroundRun, microseconds, stop: () => observer.disconnect() };
}
