/**
 * The response stream a `streamifyResponse` handler writes to, inside a worker.
 *
 * Like the Lambda Node.js runtime's `ResponseStream`: a `Writable` with `setContentType()`, and a
 * `_onBeforeFirstWrite` hook that `awslambda.HttpResponseStream.from()` sets to write the metadata
 * prelude (JSON, then 8 zero bytes) before the first body byte. The prelude is parsed back here and
 * handed over as metadata; every body chunk goes out through `onChunk` as soon as it is written.
 */
import { Writable } from 'node:stream';
import type { StreamMetadata } from '../workerProtocol.js';

export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
export const PRELUDE_DELIMITER_LENGTH = 8;

type PreludeWriter = (chunk: string | Uint8Array) => void;

export interface ResponseStreamTarget {
  onMetadata(metadata: StreamMetadata): void;
  onChunk(chunk: Uint8Array): void;
}

export class LambdaResponseStream extends Writable {
  /** Set by `HttpResponseStream.from()`; runs once, before the first body byte. */
  _onBeforeFirstWrite?: (write: PreludeWriter) => void;
  private contentType = 'application/octet-stream';
  private preludeDone = false;

  constructor(private readonly target: ResponseStreamTarget) {
    super({ decodeStrings: true });
    // A destroyed stream (client went away) must not crash the worker when the handler has no
    // 'error' listener; writes still fail and pipelines still reject, as the handler expects.
    this.on('error', () => {});
  }

  setContentType(contentType: string): void {
    this.contentType = contentType;
  }

  getContentType(): string {
    return this.contentType;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.flushPrelude();
    if (chunk.byteLength > 0) this.target.onChunk(chunk);
    callback();
  }

  override _final(callback: (error?: Error | null) => void): void {
    this.flushPrelude();
    callback();
  }

  private flushPrelude(): void {
    if (this.preludeDone) return;
    this.preludeDone = true;
    const hook = this._onBeforeFirstWrite;
    if (!hook) return;
    const parts: Buffer[] = [];
    hook((chunk) => parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)));
    this.target.onMetadata(parsePrelude(Buffer.concat(parts)));
  }
}

/** Parses `<JSON><8 zero bytes>` as written by `HttpResponseStream.from()`. */
function parsePrelude(bytes: Buffer): StreamMetadata {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const text = bytes.subarray(0, end).toString('utf8');
  if (!text) return {};
  const parsed: unknown = JSON.parse(text);
  return parsed !== null && typeof parsed === 'object' ? (parsed as StreamMetadata) : {};
}
