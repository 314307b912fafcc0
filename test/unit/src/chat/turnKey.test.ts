import { describe, expect, it } from 'vitest';
import { TURN_SORT_KEY_PREFIX, turnSortKey, turnTime } from '../../../../src/chat/turnKey.js';

describe('turnSortKey', () => {
  it('records the time with millisecond precision', () => {
    const now = new Date('2025-01-18T10:00:00.123Z');
    const key = turnSortKey(now);
    expect(key.startsWith(`${TURN_SORT_KEY_PREFIX}2025-01-18T10:00:00.123Z#`)).toBe(true);
    expect(turnTime(key)?.toISOString()).toBe(now.toISOString());
  });

  it('never collides within one millisecond', () => {
    const now = new Date('2025-01-18T10:00:00.123Z');
    const keys = new Set(Array.from({ length: 10_000 }, () => turnSortKey(now)));
    expect(keys.size).toBe(10_000);
  });

  it('sorts keys of later turns after earlier ones, whatever their suffixes', () => {
    // Prepare: the later turn gets the smallest suffix, the earlier one the largest.
    const times = ['2025-01-18T09:59:59.999Z', '2025-01-18T10:00:00.000Z', '2025-01-18T10:00:00.001Z', '2026-01-01T00:00:00.000Z'];
    const keys = times.map((time, i) => turnSortKey(new Date(time), i % 2 === 0 ? 'ffffffffffffffff' : '0000000000000000'));
    // Act
    const sorted = [...keys].sort();
    // Assess
    expect(sorted).toEqual(keys);
  });

  it('is not a META key and sorts after it', () => {
    expect(['META', turnSortKey()].sort()[0]).toBe('META');
    expect(turnTime('META')).toBeUndefined();
  });
});
