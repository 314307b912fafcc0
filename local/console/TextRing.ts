/**
 * Texts kept as UTF-8 bytes in one buffer, allocated once outside the JS heap, the newest overwriting
 * the oldest: how the feed keeps the events and payloads of recorded invocations. Kept as strings, the
 * events of a busy stack would outlive young-generation collections, be promoted and fill the old generation
 * with garbage to mark and sweep: measured with `bench/console.ts`, that cost grew with the history's
 * length (a tenth of the gateway's throughput at 500 events, a quarter at 5,000). Writing into a
 * buffer that is already there allocates nothing.
 */

/** A text the ring kept, read back while the ring has not come round over it. */
export interface KeptText {
  /** The text, or `undefined` once newer texts have overwritten it. */
  read(): string | undefined;
}

/** Room for the events and payloads of the feed's history at a few kilobytes each. */
export const DEFAULT_TEXT_RING_BYTES = 4 * 1024 * 1024;

export class TextRing {
  private readonly bytes: Buffer;
  /** Bytes written since the start, counting the tails skipped at each turn. */
  private written = 0;

  constructor(readonly size: number = DEFAULT_TEXT_RING_BYTES) {
    this.bytes = Buffer.allocUnsafeSlow(size);
  }

  /** Keeps `text`; one too large to share the ring (over an eighth of it) is kept as it is. */
  keep(text: string): KeptText {
    const mostBytes = text.length * 3;
    if (mostBytes > this.size / 8) return { read: () => text };
    if ((this.written % this.size) + mostBytes > this.size) this.written += this.size - (this.written % this.size);
    const at = this.written;
    const length = this.bytes.write(text, at % this.size);
    this.written += length;
    return new RingText(this, at, length);
  }

  /** The bytes from `at` (counted as `written` is) as text, unless overwritten since. */
  read(at: number, length: number): string | undefined {
    if (this.written - at > this.size) return undefined;
    const start = at % this.size;
    return this.bytes.toString('utf8', start, start + length);
  }
}

/** One small object per text (a closure would be two). */
class RingText implements KeptText {
  constructor(
    private readonly ring: TextRing,
    private readonly at: number,
    private readonly length: number,
  ) {}

  read(): string | undefined {
    return this.ring.read(this.at, this.length);
  }
}
