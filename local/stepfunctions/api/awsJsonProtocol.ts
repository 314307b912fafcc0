/**
 * AWS JSON 1.0 on the wire: `POST /` with `X-Amz-Target: AWSStepFunctions.<Operation>` and a JSON
 * body; answers `application/x-amz-json-1.0` with timestamps as epoch seconds, errors as
 * `{"__type": "<code>", "message": "…"}` with `x-amzn-ErrorType`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SfnApiError } from '../errors.js';

export const TARGET_PREFIX = 'AWSStepFunctions.';
export const CONTENT_TYPE = 'application/x-amz-json-1.0';
/** Largest request accepted (definitions may be 1 MB; inputs 256 KB). */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;

/** Dates become epoch seconds, as the JSON protocols send timestamps. */
export function toWireJson(value: unknown): string {
  return JSON.stringify(value, function replacer(this: Record<string, unknown>, key: string, item: unknown) {
    const original = this[key];
    return original instanceof Date ? original.getTime() / 1000 : item;
  });
}

export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new SfnApiError('ValidationException', `The request is larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendJson(response: ServerResponse, status: number, body: string, extraHeaders: Record<string, string> = {}): void {
  response.writeHead(status, {
    'Content-Type': CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(body),
    'x-amzn-RequestId': randomUUID(),
    ...extraHeaders,
  });
  response.end(body);
}

export function sendError(response: ServerResponse, error: SfnApiError): void {
  sendJson(response, error.status, JSON.stringify(error.toBody()), { 'x-amzn-ErrorType': error.code });
}
