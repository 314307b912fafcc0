/**
 * Worker threads started ahead of the cold start that takes them: when a function's first
 * environment is asked for, its thread starts while the function's code is still being built or
 * read from the bundle cache (and, for a route behind an authorizer, while the authorizer runs),
 * instead of after it. The thread loads only the runtime's bootstrap, with an empty env; the cold
 * start that takes it sends the function's env and setup, then the handler is loaded, so the
 * handler's top-level code still runs at the function's first invocation and its Init Duration is
 * reported (counted from that moment: Node's own thread start-up, tens of milliseconds, is not in it).
 *
 * Node reads some variables of a thread's env only as the thread starts (`NODE_OPTIONS`,
 * `NODE_DEBUG`, `NODE_PATH`): a function whose env sets them gets a thread started for it, as before, except
 * for `NODE_OPTIONS=--enable-source-maps`, which the bootstrap applies itself.
 */
import type { Worker } from 'node:worker_threads';
import { startWorkerThread } from './startWorkerThread.js';

/** `NODE_PATH` sets `require`'s search paths as the thread's module loader starts. */
const READ_AT_THREAD_START = ['NODE_DEBUG', 'NODE_DEBUG_NATIVE', 'NODE_PATH'];

/** Whether a spare thread, started with an empty env, can run a function with this env exactly as a thread started with it. */
export function spareCanAdopt(env: Record<string, string>): boolean {
  if (READ_AT_THREAD_START.some((name) => env[name] !== undefined)) return false;
  return (env.NODE_OPTIONS ?? '').split(/\s+/).every((option) => option === '' || option === '--enable-source-maps');
}

export class SpareThreads {
  /** At most one waiting thread per memory size (a thread's heap limit is set when it starts). */
  private readonly spares = new Map<number, Worker>();
  private closed = false;

  constructor(private readonly bootstrapFile: string) {}

  /** Starts a thread of that memory size unless one is already waiting. */
  startAhead(memorySizeMb: number): void {
    if (this.closed || this.spares.has(memorySizeMb)) return;
    const spare = startWorkerThread(this.bootstrapFile, { spare: true }, {}, memorySizeMb);
    // A spare that ends before it is taken (it should not) is simply gone: cold starts spawn their own.
    spare.once('exit', () => {
      if (this.spares.get(memorySizeMb) === spare) this.spares.delete(memorySizeMb);
    });
    spare.on('error', () => {});
    this.spares.set(memorySizeMb, spare);
  }

  /** The waiting thread of that memory size, if there is one. */
  take(memorySizeMb: number): Worker | undefined {
    const spare = this.spares.get(memorySizeMb);
    if (!spare) return undefined;
    this.spares.delete(memorySizeMb);
    spare.removeAllListeners('exit');
    spare.removeAllListeners('error');
    return spare;
  }

  async close(): Promise<void> {
    this.closed = true;
    const spares = [...this.spares.values()];
    this.spares.clear();
    await Promise.all(spares.map((spare) => spare.terminate()));
  }
}
