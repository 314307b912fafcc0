import { setTimeout as sleep } from 'node:timers/promises';

/** How fast a fake model answers. Zero everywhere means "as fast as possible". */
export interface Pace {
  /** Delay before the first token, in milliseconds. */
  firstTokenDelayMs: number;
  /** Output tokens per second after the first; 0 or Infinity means no delay between tokens. */
  tokensPerSecond: number;
}

export const NO_PACE: Pace = { firstTokenDelayMs: 0, tokensPerSecond: 0 };

/**
 * Holds tokens back until a model at `pace` would have produced them. Streaming: each token
 * waits for its own due time (measured from the start, so delays do not drift). Buffered: one
 * wait at the end for the whole answer.
 */
export class Pacer {
  private readonly start = performance.now();
  private readonly intervalMs: number;

  constructor(
    private readonly pace: Pace,
    private readonly streaming: boolean,
    private readonly abort: { readonly signal: AbortSignal },
  ) {
    this.intervalMs = pace.tokensPerSecond > 0 && Number.isFinite(pace.tokensPerSecond) ? 1000 / pace.tokensPerSecond : 0;
  }

  get isZero(): boolean {
    return this.pace.firstTokenDelayMs <= 0 && this.intervalMs === 0;
  }

  /** Waits (streaming only) until token number `index` (0-based) is due. */
  async beforeToken(index: number): Promise<void> {
    if (!this.streaming || this.isZero) return;
    await this.waitUntil(this.pace.firstTokenDelayMs + index * this.intervalMs);
  }

  /** Waits (buffered only) until a whole answer of `tokens` tokens would be done. */
  async beforeAnswer(tokens: number): Promise<void> {
    if (this.streaming || this.isZero) return;
    await this.waitUntil(this.pace.firstTokenDelayMs + Math.max(0, tokens - 1) * this.intervalMs);
  }

  private async waitUntil(offsetMs: number): Promise<void> {
    const remaining = this.start + offsetMs - performance.now();
    if (remaining > 1) await sleep(remaining, undefined, { signal: this.abort.signal });
  }
}
