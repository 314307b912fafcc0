import { TestingError } from './errors.js';

/** A length of time: milliseconds as a number, or text such as `'30s'`, `'6m'`, `'1d'`, `'1h30m'`, `'250ms'`. */
export type Duration = string | number;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** Milliseconds of a duration; throws on text it cannot read. */
export function durationMs(duration: Duration): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) throw new TestingError(`a duration in milliseconds must be a finite number ≥ 0, got ${duration}`);
    return duration;
  }
  const text = duration.trim();
  const leftover = text.replace(PART, '');
  if (!text || leftover !== '') throw new TestingError(`cannot read the duration '${duration}': use a number of milliseconds or e.g. '30s', '6m', '1h30m', '1d', '250ms'`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return total;
}
