import { describe, expect, it } from 'vitest';
import { TextRing } from '../../../local/console/TextRing.js';

describe('TextRing', () => {
  it('gives back each text, multi-byte characters included, until newer ones overwrite it', () => {
    const ring = new TextRing(1024);
    const first = ring.keep('{"a":"é€"}');
    expect(first.read()).toBe('{"a":"é€"}');
    const later = Array.from({ length: 200 }, (_, i) => ring.keep(`text ${String(i).padStart(3, '0')}`));
    expect(later.slice(-3).map((kept) => kept.read())).toEqual(['text 197', 'text 198', 'text 199']);
    expect(later[0].read()).toBeUndefined();
    expect(first.read()).toBeUndefined();
  });

  it('starts a text that does not fit in what is left of the ring at its start, never split', () => {
    const ring = new TextRing(1024);
    // 40 characters may take 120 bytes: after 23 of them (920 bytes), the 24th no longer fits and goes to
    // the start, where 7 texts overwrite the first 7.
    const texts = Array.from({ length: 30 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(38)}`);
    const kept = texts.map((text) => ring.keep(text));
    expect(kept.map((k) => k.read())).toEqual([...Array<undefined>(7).fill(undefined), ...texts.slice(7)]);
  });

  it('keeps a text too large to share the ring as it is', () => {
    const ring = new TextRing(1024);
    const big = ring.keep('b'.repeat(100));
    for (let i = 0; i < 100; i++) ring.keep('small text');
    expect(big.read()).toBe('b'.repeat(100));
  });
});
