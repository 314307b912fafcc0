import { describe, expect, it } from 'vitest';
import { durationMs } from '../../../local/testing/duration.js';

describe('durationMs', () => {
  it('reads milliseconds and the units tests use', () => {
    expect([durationMs(1500), durationMs('250ms'), durationMs('30s'), durationMs('6m'), durationMs('1d'), durationMs('1h30m'), durationMs('1.5s')]).toEqual([
      1500, 250, 30_000, 360_000, 86_400_000, 5_400_000, 1500,
    ]);
  });

  it('refuses what it cannot read, saying what it takes', () => {
    for (const bad of ['', '6 minutes', 'm', '-1s', '1x', -1, Number.NaN]) expect(() => durationMs(bad), String(bad)).toThrow(/duration/);
  });
});
