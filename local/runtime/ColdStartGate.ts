/**
 * How many execution environments may initialise at once, across every function of a runtime.
 *
 * On AWS each cold start has a sandbox of its own; here they share the machine's cores, so a burst
 * that starts forty environments at once slows every init past Lambda's 10-second init limit and
 * fails requests AWS would serve. Environments beyond the limit wait for a slot before they start
 * (their init time counts from then), and the requests meanwhile take any environment freed first.
 */
import { availableParallelism } from 'node:os';

export class ColdStartGate {
  private active = 0;
  private readonly queue: Array<() => void> = [];

  constructor(readonly limit = Math.max(2, availableParallelism())) {}

  /** Waits for a slot; call the returned function when the init has ended. */
  async enter(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    let left = false;
    return () => {
      if (left) return;
      left = true;
      const next = this.queue.shift();
      // The slot passes straight to the next environment waiting for one.
      if (next) next();
      else this.active--;
    };
  }
}
