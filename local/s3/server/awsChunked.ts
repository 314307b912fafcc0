import { S3Error } from '../errors.js';

/**
 * Decodes an `aws-chunked` body (`<hex size>[;chunk-signature=…]\r\n<bytes>\r\n…0\r\n<trailers>\r\n\r\n`),
 * as the SDKs send a streamed PUT with its checksum in a trailer. Chunk signatures are not checked.
 */
export async function* decodeAwsChunked(source: AsyncIterable<Uint8Array>, trailers: Map<string, string>): AsyncGenerator<Uint8Array> {
  let buffer = Buffer.alloc(0);
  let remaining = -1; // bytes of data left in the current chunk; -1 while reading a chunk header
  let done = false;
  const takeLine = (): string | undefined => {
    const end = buffer.indexOf('\r\n');
    if (end < 0) return undefined;
    const line = buffer.subarray(0, end).toString('latin1');
    buffer = buffer.subarray(end + 2);
    return line;
  };
  for await (const chunk of source) {
    buffer = buffer.length ? Buffer.concat([buffer, chunk]) : Buffer.from(chunk);
    while (!done) {
      if (remaining < 0) {
        const line = takeLine();
        if (line === undefined) break;
        const size = Number.parseInt(line.split(';')[0], 16);
        if (!Number.isFinite(size) || size < 0) throw new S3Error('IncompleteBody', 'The request body is not valid aws-chunked encoding.');
        if (size === 0) {
          done = true;
          break;
        }
        remaining = size;
      } else if (remaining > 0) {
        if (!buffer.length) break;
        const data = buffer.subarray(0, Math.min(remaining, buffer.length));
        buffer = buffer.subarray(data.length);
        remaining -= data.length;
        yield data;
      } else {
        if (buffer.length < 2) break;
        buffer = buffer.subarray(2); // the CRLF after a chunk's data
        remaining = -1;
      }
    }
    if (done) readTrailers(buffer, trailers);
  }
  if (!done) throw new S3Error('IncompleteBody');
}

function readTrailers(buffer: Buffer, trailers: Map<string, string>): void {
  for (const line of buffer.toString('latin1').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) trailers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
}

/** Whether the request's body is aws-chunked. */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return sha.startsWith('STREAMING-') || String(headers['content-encoding'] ?? '').split(',').some((v) => v.trim() === 'aws-chunked');
}
