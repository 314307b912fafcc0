/**
 * One access-log line per request (`METHOD path status ms requestId`), handed to the log sink
 * in batches after the response is written, never on the request's own path.
 */

export class AccessLog {
  readonly #sink: ((line: string) => void) | undefined;
  #pending: string[] = [];
  #scheduled = false;

  constructor(sink: ((line: string) => void) | undefined) {
    this.#sink = sink;
  }

  /** Records one finished request. */
  record(method: string, path: string, status: number, startedAt: number, requestId: string): void {
    if (this.#sink) this.note(`${method} ${path} ${status} ${(performance.now() - startedAt).toFixed(1)}ms ${requestId}`);
  }

  /** Writes a free-form line (errors, warnings) through the same sink. */
  note(line: string): void {
    if (!this.#sink) return;
    this.#pending.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#flush);
    }
  }

  readonly #flush = (): void => {
    this.#scheduled = false;
    const lines = this.#pending;
    this.#pending = [];
    for (const line of lines) this.#sink?.(line);
  };
}
