/**
 * The response stream of a streaming invocation, seen as the connection to the client: writes that
 * respect backpressure, and an `AbortSignal` that fires when the client goes away (the stream closes
 * or errors before we ended it), so the work done for that client — the Bedrock stream — stops too.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** The client is gone: the response stream closed or failed before the handler ended it. */
export class ClientDisconnectedError extends Error {
  constructor() {
    super('Client disconnected');
    this.name = 'ClientDisconnectedError';
  }
}

export class ClientConnection {
  readonly #abort = new AbortController();
  #ending = false;

  /** `raw`: the response stream the runtime handed the handler (watched for close and errors). */
  constructor(raw: Writable) {
    const lost = (): void => {
      if (!this.#ending) this.#abort.abort(new ClientDisconnectedError());
    };
    raw.on('close', lost);
    raw.on('error', lost);
    if (raw.destroyed) lost();
  }

  /** Aborts when the client disconnects. */
  get signal(): AbortSignal {
    return this.#abort.signal;
  }

  get disconnected(): boolean {
    return this.#abort.signal.aborted;
  }

  /**
   * Writes `chunk` to `stream` (the raw stream or the one `HttpResponseStream.from` returned) and
   * waits for `drain` when the stream's buffer is full.
   * @throws ClientDisconnectedError when the client is gone.
   */
  async write(stream: Writable, chunk: string): Promise<void> {
    if (this.disconnected || stream.destroyed || stream.writableEnded) throw new ClientDisconnectedError();
    if (stream.write(chunk)) return;
    const drained = once(stream, 'drain', { signal: this.#abort.signal }).catch(() => undefined);
    await drained;
    if (this.disconnected) throw new ClientDisconnectedError();
  }

  /** Ends `stream` (a normal end: not a disconnect). */
  end(stream: Writable, chunk?: string): void {
    this.#ending = true;
    if (stream.destroyed || stream.writableEnded) return;
    if (chunk === undefined) stream.end();
    else stream.end(chunk);
  }
}
