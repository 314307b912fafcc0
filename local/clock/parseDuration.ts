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

/** How far the stack clock is ahead of real time, in words: `'1d 2h ahead of real time'`, or `'real time'`. */
export function describeLead(ms: number): string {
  if (ms === 0) return 'real time';
  const parts: string[] = [];
  let left = Math.round(ms / 1000);
  for (const [unit, seconds] of [['d', 86_400], ['h', 3_600], ['m', 60], ['s', 1]] as const) {
    if (left >= seconds) parts.push(`${Math.floor(left / seconds)}${unit}`);
    left %= seconds;
  }
  return `${parts.join(' ') || `${ms}ms`} ahead of real time`;
}
