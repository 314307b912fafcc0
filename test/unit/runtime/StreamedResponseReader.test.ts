import { describe, expect, it } from 'vitest';
import { HTTP_INTEGRATION_CONTENT_TYPE, StreamedResponseReader } from '../../../local/runtime/runtimeApi/StreamedResponseReader.js';
import type { ResponseStreamSink } from '../../../local/runtime/types.js';

function recorder() {
  const seen: { metadata: unknown[]; chunks: string[] } = { metadata: [], chunks: [] };
  const sink: ResponseStreamSink = { onMetadata: (metadata) => seen.metadata.push(metadata), onChunk: (chunk) => seen.chunks.push(Buffer.from(chunk).toString()) };
  return { seen, sink };
}

describe('StreamedResponseReader', () => {
  it('parses a prelude split across chunks, then hands body bytes on as they come', () => {
    const { seen, sink } = recorder();
    const reader = new StreamedResponseReader(sink, HTTP_INTEGRATION_CONTENT_TYPE);

    reader.push(Buffer.from('{"statusCode":20'));
    reader.push(Buffer.from('2}\0\0\0\0'));
    expect(seen.metadata).toEqual([]);
    reader.push(Buffer.from('\0\0\0\0body'));
    reader.push(Buffer.from(' more'));
    reader.end();

    expect(seen.metadata).toEqual([{ statusCode: 202 }]);
    expect(seen.chunks).toEqual(['body', ' more']);
    expect(reader.bytes).toBe(35);
  });

  it('passes every byte through without the HTTP integration content type', () => {
    const { seen, sink } = recorder();
    const reader = new StreamedResponseReader(sink, 'application/octet-stream');

    reader.push(Buffer.from('{"statusCode":202}\0\0\0\0\0\0\0\0'));
    reader.end();

    expect(seen.metadata).toEqual([]);
    expect(seen.chunks).toEqual(['{"statusCode":202}\0\0\0\0\0\0\0\0']);
  });

  it('takes a prelude that never met its delimiter as the metadata when the stream ends', () => {
    const { seen, sink } = recorder();
    const reader = new StreamedResponseReader(sink, HTTP_INTEGRATION_CONTENT_TYPE);

    reader.push(Buffer.from('{"statusCode":204}'));
    reader.end();

    expect(seen.metadata).toEqual([{ statusCode: 204 }]);
  });
});
