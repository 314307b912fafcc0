/**
 * `Retry` and `Catch` as the States language defines them: the first retrier whose `ErrorEquals`
 * matches decides (each retrier counts its own attempts), delays grow by `BackoffRate` up to
 * `MaxDelaySeconds`, `JitterStrategy: FULL` picks a random delay below the computed one.
 */
import type { Catcher, Retrier } from './aslTypes.js';
import { errorMatches } from './statesError.js';

export const RETRY_DEFAULTS = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2 } as const;

/** Index of the retrier that handles an error, or -1. */
export function findRetrier(retriers: readonly Retrier[] | undefined, error: string): number {
  return (retriers ?? []).findIndex((retrier) => errorMatches(retrier.ErrorEquals, error));
}

/**
 * Seconds to wait before retry number `attempt + 1` (attempt counts from 0), or undefined when
 * the retrier's attempts are used up.
 */
export function retryDelaySeconds(retrier: Retrier, attempt: number, random: () => number = Math.random): number | undefined {
  const maxAttempts = retrier.MaxAttempts ?? RETRY_DEFAULTS.MaxAttempts;
  if (attempt >= maxAttempts) return undefined;
  const interval = retrier.IntervalSeconds ?? RETRY_DEFAULTS.IntervalSeconds;
  const backoff = retrier.BackoffRate ?? RETRY_DEFAULTS.BackoffRate;
  let delay = interval * backoff ** attempt;
  if (retrier.MaxDelaySeconds !== undefined) delay = Math.min(delay, retrier.MaxDelaySeconds);
  if (retrier.JitterStrategy === 'FULL') delay = random() * delay;
  return delay;
}

/** The catcher that handles an error, if any. */
export function findCatcher(catchers: readonly Catcher[] | undefined, error: string): Catcher | undefined {
  return (catchers ?? []).find((catcher) => errorMatches(catcher.ErrorEquals, error));
}
