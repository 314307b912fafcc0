/**
 * Worker threads booted ahead of need: one idle thread per memory size of the functions that answer
 * HTTP requests (`createLambdaRuntime` picks them; each costs ~50 ms of CPU at start and ~9 MB while
 * it waits), with the bootstrap (the runtime's own code) loaded and no function code nor env yet.
 * A cold start that finds one skips Node's thread start-up (tens of milliseconds): the thread adopts
 * the function's env and then loads the handler, so the handler's top-level code still runs at the function's first invocation
 * and its Init Duration is reported as before (it counts from the adoption). A replacement is booted
 * `REFILL_DELAY_MS` after the init of the environment that took a spare: past the request that
 * started it (a first /chat runs the route's function right after its authorizer), not competing
 * with it for the CPU.
 *
 * Node reads some variables of a thread's env only as the thread starts (`NODE_OPTIONS`,
 * `NODE_DEBUG`): a function whose env sets them gets a thread of its own, as before, except for
 * `NODE_OPTIONS=--enable-source-maps`, which the bootstrap applies itself.
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from './startWorkerThread.js';

/** Memory sizes kept ready at most: the ones most functions use. */
export const MAX_SPARE_SIZES = 2;

export const REFILL_DELAY_MS = 1000;

const READ_AT_THREAD_START = ['NODE_DEBUG', 'NODE_DEBUG_NATIVE'];

/** Whether a spare thread, booted with an empty env, can run a function with this env exactly as a thread started with it. */
export function spareCanAdopt(env: Record<string, string>): boolean {
  if (READ_AT_THREAD_START.some((name) => env[name] !== undefined)) return false;
  return (env.NODE_OPTIONS ?? '').split(/\s+/).every((option) => option === '' || option === '--enable-source-maps');
}

export class SpareThreads {
  private readonly spares = new Map<number, Worker>();
  private closed = false;

  /** Boots a spare for each of the memory sizes most used by these functions (`MAX_SPARE_SIZES` at most). */
  constructor(
    private readonly bootstrapFile: string,
    memorySizesMb: number[],
  ) {
    const uses = new Map<number, number>();
    for (const size of memorySizesMb) uses.set(size, (uses.get(size) ?? 0) + 1);
    const sizes = [...uses].sort((a, b) => b[1] - a[1]).slice(0, MAX_SPARE_SIZES);
    for (const [size] of sizes) this.boot(size);
  }

  /** The spare of that memory size, if one is there (its replacement: `replaceAfter`). */
  take(memorySizeMb: number): Worker | undefined {
    const spare = this.spares.get(memorySizeMb);
    if (!spare) return undefined;
    this.spares.delete(memorySizeMb);
    spare.removeAllListeners('exit');
    spare.removeAllListeners('error');
    return spare;
  }

  /** Boots the spare of that memory size anew `REFILL_DELAY_MS` after `init` (the init of the environment that took it) has settled. */
  replaceAfter(memorySizeMb: number, init: Promise<unknown>): void {
    void init.finally(() => setTimeout(() => this.boot(memorySizeMb), REFILL_DELAY_MS).unref());
  }

  async close(): Promise<void> {
    this.closed = true;
    const spares = [...this.spares.values()];
    this.spares.clear();
    await Promise.all(spares.map((spare) => spare.terminate()));
  }

  private boot(memorySizeMb: number): void {
    if (this.closed || this.spares.has(memorySizeMb)) return;
    const spare = startWorkerThread(this.bootstrapFile, { spare: true }, {}, memorySizeMb);
    // A spare that ends before it is lent (it should not) is simply gone: cold starts spawn their own.
    spare.once('exit', () => {
      if (this.spares.get(memorySizeMb) === spare) this.spares.delete(memorySizeMb);
    });
    spare.on('error', () => {});
    this.spares.set(memorySizeMb, spare);
  }
}
