/**
 * Writes log lines to a stream in batches: one `write` per turn of the event loop instead of one
 * per line. `process.stdout` is synchronous for files, pipes and terminals, so every line written
 * on its own is a system call on the request's path (START, END, REPORT and the access log are four
 * per API request); batched, a busy second of requests costs a few hundred writes, not thousands.
 * Lines still pending when the process exits are written then.
 */
export class BatchedLineWriter {
  readonly #stream: NodeJS.WritableStream;
  #pending: string[] = [];
  #scheduled = false;

  constructor(stream: NodeJS.WritableStream) {
    this.#stream = stream;
    process.once('exit', this.flush);
  }

  /** Queues one line (without its newline) for the next flush. */
  write(line: string): void {
    this.#pending.push(line);
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Writes every pending line now. */
  readonly flush = (): void => {
    this.#scheduled = false;
    if (this.#pending.length === 0) return;
    const text = `${this.#pending.join('\n')}\n`;
    this.#pending = [];
    this.#stream.write(text);
  };
}

let stdoutWriter: BatchedLineWriter | undefined;

/**
 * The process's batched writer for standard output (one per process).
 * @example
 * const log = (line: string) => stdoutLines().write(line);
 */
export function stdoutLines(): BatchedLineWriter {
  stdoutWriter ??= new BatchedLineWriter(process.stdout);
  return stdoutWriter;
}
