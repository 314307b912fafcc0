const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/**
 * Milliseconds of a duration: a number of milliseconds (also as text), or `<number><unit>` parts
 * with unit `ms`, `s`, `m`, `h`, `d` or `w` (`'6m'`, `'1d'`, `'1.5h'`, `'1h30m'`). Refuses negatives and anything else.
 *
 * @example
 * parseDuration('6m') // 360000
 */
export function parseDuration(duration: string | number): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) throw new RangeError(`Invalid duration ${duration}: a number of milliseconds, 0 or more`);
    return duration;
  }
  const text = duration.trim();
  if (/^\d+(?:\.\d+)?$/.test(text)) return Math.round(Number(text));
  if (!text || text.replace(PART, '') !== '') throw new RangeError(`Invalid duration '${duration}': a number and a unit (ms, s, m, h, d, w), e.g. '6m', '1d' or '1h30m'`);
  let total = 0;
  for (const [, amount, unit] of text.matchAll(PART)) total += Number(amount) * UNIT_MS[unit];
  return Math.round(total);
}
