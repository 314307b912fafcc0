const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/**
 * Milliseconds of a duration: a number of milliseconds, or `<number><unit>` with unit `ms`, `s`, `m`,
 * `h`, `d` or `w` (`'6m'`, `'1d'`, `'1.5h'`, `'30s'`). Refuses negatives and anything else.
 *
 * @example
 * parseDuration('6m') // 360000
 */
export function parseDuration(duration: string | number): number {
  if (typeof duration === 'number') {
    if (!Number.isFinite(duration) || duration < 0) throw new RangeError(`Invalid duration ${duration}: a number of milliseconds, 0 or more`);
    return duration;
  }
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)?\s*$/.exec(duration);
  if (!match) throw new RangeError(`Invalid duration '${duration}': a number and a unit (ms, s, m, h, d, w), e.g. '6m' or '1d'`);
  return Math.round(Number(match[1]) * UNIT_MS[match[2] ?? 'ms']);
}
