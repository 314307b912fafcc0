import { parseDuration } from './parseDuration.js';

/** A timer of the clock, shaped like Node's `Timeout` where the kit's code and its libraries use it. */
export interface ClockTimer {
  ref(): ClockTimer;
  unref(): ClockTimer;
  hasRef(): boolean;
}

type Callback = (...args: unknown[]) => void;

interface ScheduledTimer extends ClockTimer {
  readonly seq: number;
  due: number;
  readonly intervalMs?: number;
  readonly callback: Callback;
  readonly args: unknown[];
  referenced: boolean;
}

/** Node keeps a timer's delay in a signed 32-bit number of milliseconds. */
const MAX_REAL_DELAY_MS = 2 ** 31 - 1;
/** Rounds of newly due timers (0 ms timers set by fired callbacks) one advance runs before it stops. */
const MAX_ROUNDS_PER_ADVANCE = 100;

/**
 * The stack's clock: real time plus the time tests have skipped with {@link StackClock.advance}.
 *
 * Services that honour it read `now()` instead of `Date.now()` and start their timers here. A timer
 * fires when its due time is reached, by real time passing or by an advance. An advance *jumps*: the
 * clock moves to its target, then the timers due by then fire once each, in due order (an interval
 * missed many times fires once, like a machine waking from sleep); timers their callbacks start count
 * from the new time. Then the clock's advance listeners run (the DynamoDB TTL sweeper) and the
 * promise resolves after the work they started has had a turn of the event loop.
 *
 * @example
 * const clock = new StackClock();
 * clock.setTimeout(() => console.log('a day later'), 86_400_000);
 * await clock.advance('1d'); // prints now
 */
export class StackClock {
  #offsetMs = 0;
  #seq = 0;
  readonly #timers = new Set<ScheduledTimer>();
  readonly #advanceListeners = new Set<() => unknown>();
  #real: NodeJS.Timeout | undefined;
  /** The due time the real timer is set for (Infinity: none). */
  #armedFor = Infinity;
  /** Pending timers that keep the process alive. */
  #referenced = 0;
  #advancing: Promise<void> = Promise.resolve();

  /** Milliseconds since the epoch, on this clock. */
  now(): number {
    return Date.now() + this.#offsetMs;
  }

  /** How far this clock is ahead of real time, in milliseconds. */
  get offsetMs(): number {
    return this.#offsetMs;
  }

  setTimeout(callback: Callback, ms = 0, ...args: unknown[]): ClockTimer {
    return this.#schedule(callback, ms, args);
  }

  setInterval(callback: Callback, ms = 0, ...args: unknown[]): ClockTimer {
    return this.#schedule(callback, ms, args, Math.max(1, ms));
  }

  clearTimeout(timer: unknown): void {
    if (timer) this.#remove(timer as ScheduledTimer);
  }

  clearInterval(timer: unknown): void {
    this.clearTimeout(timer);
  }

  /** Resolves after `ms` on this clock; rejects with the signal's reason when it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const onAbort = () => {
        this.clearTimeout(timer);
        reject(signal!.reason);
      };
      const timer = this.setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Moves the clock forward by a duration (`'6m'`, `'1d'`, `'30s'`, or milliseconds) and fires what
   * fell due. Advances run one after another.
   */
  advance(duration: string | number): Promise<void> {
    let ms: number;
    try {
      ms = parseDuration(duration);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    const run = this.#advancing.then(() => this.#advanceBy(ms));
    this.#advancing = run.catch(() => undefined);
    return run;
  }

  /** Moves the clock forward to an instant (epoch milliseconds or an ISO date); never backwards. */
  set(instant: number | string): Promise<void> {
    const target = typeof instant === 'number' ? instant : Date.parse(instant);
    if (!Number.isFinite(target)) return Promise.reject(new RangeError(`Invalid instant '${instant}': epoch milliseconds or an ISO 8601 date`));
    const ahead = target - this.now();
    if (ahead < 0) return Promise.reject(new RangeError(`The clock only moves forward: ${new Date(target).toISOString()} is before ${new Date(this.now()).toISOString()}`));
    return this.advance(ahead);
  }

  /** Runs after every advance (awaited): for work that is due by time but has no timer (expired TTLs). */
  onAdvance(listener: () => unknown): () => void {
    this.#advanceListeners.add(listener);
    return () => this.#advanceListeners.delete(listener);
  }

  /** Timers still pending. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  /** Drops every pending timer (the stack stopped). */
  close(): void {
    this.#timers.clear();
    this.#referenced = 0;
    this.#armAt(Infinity);
  }

  async #advanceBy(ms: number): Promise<void> {
    this.#offsetMs += ms;
    const fired = new Set<ScheduledTimer>();
    for (let round = 0; round < MAX_ROUNDS_PER_ADVANCE; round++) {
      const due = this.#dueTimers().filter((timer) => !fired.has(timer));
      if (!due.length) break;
      for (const timer of due) {
        if (!this.#timers.has(timer)) continue; // cleared by an earlier callback
        fired.add(timer);
        this.#fire(timer);
      }
      await nextTurn();
    }
    this.#arm();
    for (const listener of this.#advanceListeners) await listener();
    await nextTurn();
  }

  #schedule(callback: Callback, ms: number, args: unknown[], intervalMs?: number): ClockTimer {
    const countReference = (change: number) => this.#timers.has(timer) && this.#countReference(change);
    const timer: ScheduledTimer = {
      seq: this.#seq++,
      due: this.now() + Math.max(0, Number(ms) || 0),
      intervalMs,
      callback,
      args,
      referenced: true,
      ref() {
        if (!timer.referenced) countReference(1);
        timer.referenced = true;
        return timer;
      },
      unref() {
        if (timer.referenced) countReference(-1);
        timer.referenced = false;
        return timer;
      },
      hasRef: () => timer.referenced,
    };
    this.#timers.add(timer);
    this.#countReference(1);
    if (timer.due < this.#armedFor) this.#armAt(timer.due);
    return timer;
  }

  #remove(timer: ScheduledTimer): void {
    if (!this.#timers.delete(timer)) return;
    if (timer.referenced) this.#countReference(-1);
    if (!this.#timers.size) this.#armAt(Infinity);
  }

  /** The real timer keeps the process alive while any pending timer is referenced, as Node's would. */
  #countReference(change: number): void {
    this.#referenced += change;
    if (this.#referenced > 0) this.#real?.ref();
    else this.#real?.unref();
  }

  #dueTimers(): ScheduledTimer[] {
    const now = this.now();
    return [...this.#timers].filter((timer) => timer.due <= now).sort((a, b) => a.due - b.due || a.seq - b.seq);
  }

  #fire(timer: ScheduledTimer): void {
    if (timer.intervalMs) timer.due = this.now() + timer.intervalMs;
    else this.#remove(timer);
    try {
      timer.callback(...timer.args);
    } catch (error) {
      // As a real timer's callback would: the error is uncaught.
      process.nextTick(() => {
        throw error;
      });
    }
  }

  /** Sets the one real timer for the earliest pending due time. */
  #arm(): void {
    let earliest = Infinity;
    for (const timer of this.#timers) earliest = Math.min(earliest, timer.due);
    this.#armAt(earliest);
  }

  #armAt(due: number): void {
    if (this.#real) clearTimeout(this.#real);
    this.#real = undefined;
    this.#armedFor = due;
    if (due === Infinity) return;
    this.#real = setTimeout(() => this.#fireRealTimeDue(), Math.min(MAX_REAL_DELAY_MS, Math.max(0, due - this.now())));
    if (this.#referenced <= 0) this.#real.unref();
  }

  #fireRealTimeDue(): void {
    this.#real = undefined;
    this.#armedFor = Infinity;
    for (const timer of this.#dueTimers()) if (this.#timers.has(timer)) this.#fire(timer);
    this.#arm();
  }
}

/** Lets callbacks' promise chains and I/O callbacks already queued run. */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
