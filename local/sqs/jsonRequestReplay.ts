/**
 * Reads a request's body once, counting the bytes as they stream in (a chunked request has no
 * `Content-Length` to trust), so the kit can refuse an oversized one and check a JSON one; then
 * hands `local-aws-sqs` a stand-in request that replays the same bytes (the package reads
 * `headers` and the `data` / `end` events, nothing else).
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';

export interface ReadJsonRequest {
  /** The parsed body when it is a JSON object; undefined otherwise (the package answers it). */
  body?: Record<string, unknown>;
  /** A request the package can read as if it were the original. */
  replay: IncomingMessage;
  /** More than `maxBytes` streamed in: nothing was kept, the request must be refused. */
  tooLarge: boolean;
}

/** Reads at most `maxBytes`; past that it stops keeping bytes and reports `tooLarge`. */
export async function readJsonRequest(request: IncomingMessage, maxBytes: number): Promise<ReadJsonRequest> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      request.resume();
      return { replay: request, tooLarge: true };
    }
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  let body: Record<string, unknown> | undefined;
  try {
    const parsed: unknown = JSON.parse(raw.toString('utf8'));
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) body = parsed as Record<string, unknown>;
  } catch {
    body = undefined;
  }
  return { body, replay: replayOf(request, raw), tooLarge: false };
}

/** A stand-in for `request` whose body is `raw` (the package reads `headers` and the stream only). */
export function replayOf(request: IncomingMessage, raw: Buffer): IncomingMessage {
  const headers = { ...request.headers, 'content-length': String(raw.length) };
  const replay = Object.assign(Readable.from(raw.length ? [raw] : []), { headers, method: request.method, url: request.url, socket: request.socket });
  return replay as unknown as IncomingMessage;
}

/** The operation named by `X-Amz-Target: AmazonSQS.<Operation>`. */
export function targetOperation(request: IncomingMessage): string {
  return String(request.headers['x-amz-target'] ?? '').split('.').pop() ?? '';
}
