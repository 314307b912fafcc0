/**
 * Reads a runtime's streamed response body (`Lambda-Runtime-Function-Response-Mode: streaming`)
 * into a sink as it arrives. With the HTTP integration content type, the body starts with the
 * metadata prelude (JSON, then 8 zero bytes) that `HttpResponseStream.from` writes; it is parsed
 * out and handed over as metadata before the first body byte.
 */
import type { ResponseStreamSink } from '../types.js';

export const HTTP_INTEGRATION_CONTENT_TYPE = 'application/vnd.awslambda.http-integration-response';
const DELIMITER = Buffer.alloc(8);

export class StreamedResponseReader {
  /** Prelude bytes still waiting for their delimiter; undefined once the prelude is done (or there is none). */
  private prelude: Buffer | undefined;
  bytes = 0;

  constructor(
    private readonly sink: ResponseStreamSink,
    contentType: string | undefined,
  ) {
    this.prelude = contentType === HTTP_INTEGRATION_CONTENT_TYPE ? Buffer.alloc(0) : undefined;
  }

  push(chunk: Buffer): void {
    this.bytes += chunk.byteLength;
    if (this.prelude === undefined) {
      if (chunk.byteLength > 0) this.sink.onChunk(chunk);
      return;
    }
    const pending = Buffer.concat([this.prelude, chunk]);
    const end = pending.indexOf(DELIMITER);
    if (end < 0) {
      this.prelude = pending;
      return;
    }
    this.prelude = undefined;
    this.sink.onMetadata(parseMetadata(pending.subarray(0, end)));
    const rest = pending.subarray(end + DELIMITER.length);
    if (rest.byteLength > 0) this.sink.onChunk(rest);
  }

  /** The stream ended: a prelude without its delimiter is taken as the whole metadata. */
  end(): void {
    if (this.prelude === undefined) return;
    const prelude = this.prelude;
    this.prelude = undefined;
    this.sink.onMetadata(parseMetadata(prelude));
  }
}

function parseMetadata(bytes: Buffer): Parameters<ResponseStreamSink['onMetadata']>[0] {
  const text = bytes.toString('utf8').trim();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' ? (parsed as Parameters<ResponseStreamSink['onMetadata']>[0]) : {};
  } catch {
    return {};
  }
}
