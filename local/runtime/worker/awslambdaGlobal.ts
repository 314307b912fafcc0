/**
 * The `awslambda` global the Lambda Node.js runtime provides: `streamifyResponse` and
 * `HttpResponseStream`, with the runtime's own semantics (a symbol marks streaming handlers; `from()`
 * sets the content type and queues the metadata prelude before the first body byte).
 */
import { HTTP_INTEGRATION_CONTENT_TYPE, PRELUDE_DELIMITER_LENGTH } from './LambdaResponseStream.js';

/** The runtime's markers (`Symbol.for`, so a copy of the runtime's code sees the same symbols). */
export const HANDLER_STREAMING = Symbol.for('aws.lambda.runtime.handler.streaming');
export const HANDLER_HIGHWATERMARK = Symbol.for('aws.lambda.runtime.handler.streaming.highWaterMark');
export const STREAM_RESPONSE = 'response';

interface PreludeStream {
  setContentType(contentType: string): void;
  _onBeforeFirstWrite?: (write: (chunk: string | Uint8Array) => void) => void;
}

type MarkedHandler = ((...args: unknown[]) => unknown) & { [HANDLER_STREAMING]?: string; [HANDLER_HIGHWATERMARK]?: number };

class HttpResponseStream {
  static from<S extends PreludeStream>(underlyingStream: S, prelude: Record<string, unknown>): S {
    underlyingStream.setContentType(HTTP_INTEGRATION_CONTENT_TYPE);
    const metadataPrelude = JSON.stringify(prelude);
    underlyingStream._onBeforeFirstWrite = (write) => {
      write(metadataPrelude);
      write(new Uint8Array(PRELUDE_DELIMITER_LENGTH));
    };
    return underlyingStream;
  }
}

export const awslambda = {
  streamifyResponse<H extends (...args: never[]) => unknown>(handler: H, options?: { highWaterMark?: number }): H {
    const marked = handler as unknown as MarkedHandler;
    marked[HANDLER_STREAMING] = STREAM_RESPONSE;
    if (options?.highWaterMark !== undefined) marked[HANDLER_HIGHWATERMARK] = options.highWaterMark;
    return handler;
  },
  HttpResponseStream,
};

/** True when the handler was wrapped in `awslambda.streamifyResponse`. */
export function isStreamingHandler(handler: unknown): boolean {
  return typeof handler === 'function' && (handler as MarkedHandler)[HANDLER_STREAMING] === STREAM_RESPONSE;
}

/** Installs `globalThis.awslambda` in this worker. */
export function installAwsLambdaGlobal(): void {
  (globalThis as { awslambda?: typeof awslambda }).awslambda = awslambda;
}
