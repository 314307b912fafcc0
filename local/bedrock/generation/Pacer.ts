import { setTimeout as sleep } from 'node:timers/promises';

/** The time pacing runs on: real time by default; in the embedded stack, the stack clock (an advance releases held tokens). */
export interface PaceClock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const REAL_TIME: PaceClock = {
  now: () => performance.now(),
  sleep: (ms, signal) => sleep(ms, undefined, { signal }),
};

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
  private readonly start: number;
  private readonly intervalMs: number;

  constructor(
    private readonly pace: Pace,
    private readonly streaming: boolean,
    private readonly abort: { readonly signal: AbortSignal },
    private readonly clock: PaceClock = REAL_TIME,
  ) {
    this.start = clock.now();
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
    const remaining = this.start + offsetMs - this.clock.now();
    if (remaining > 1) await this.clock.sleep(remaining, this.abort.signal);
  }
}
