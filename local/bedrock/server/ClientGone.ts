/** The part of a response ClientGone watches. */
interface ClosableResponse {
  readonly writableEnded: boolean;
  on(event: 'close', listener: () => void): unknown;
}

/**
 * Whether the client went away before the response was finished. `aborted` is a plain flag; the
 * AbortSignal (costly to make) is made only when something asks for it, already aborted if the
 * client is gone by then.
 */
export class ClientGone {
  private controller: AbortController | undefined;
  private reason: Error | undefined;

  constructor(response: ClosableResponse) {
    response.on('close', () => {
      if (response.writableEnded) return;
      this.reason = new Error('client closed the connection');
      this.controller?.abort(this.reason);
    });
  }

  get aborted(): boolean {
    return this.reason !== undefined;
  }

  /** Aborted (with reason `Error('client closed the connection')`) when the client goes away. */
  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.reason) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }
}
