import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { S3Error } from '../errors.js';
import { xmlDocument } from '../xml.js';
import type { S3Reply } from './S3Request.js';

export async function sendReply(response: ServerResponse, reply: S3Reply): Promise<void> {
  for (const [name, value] of Object.entries(reply.headers ?? {})) if (value !== undefined) response.setHeader(name, value);
  response.statusCode = reply.status;
  if (typeof reply.body === 'string') {
    response.setHeader('content-type', 'application/xml');
    response.setHeader('content-length', Buffer.byteLength(reply.body));
    response.end(reply.body);
  } else if (reply.body) {
    await pipeline(reply.body, response);
  } else {
    if (!response.hasHeader('content-length')) response.setHeader('content-length', 0);
    response.end();
  }
}

/** S3's error document; HEAD answers carry none. */
export function sendError(response: ServerResponse, error: S3Error, requestId: string, head: boolean): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const body = xmlDocument('Error', { Code: error.code, Message: error.message, ...error.details, RequestId: requestId, HostId: requestId }, false);
  response.statusCode = error.status;
  response.setHeader('x-amz-request-id', requestId);
  for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
  response.setHeader('content-type', 'application/xml');
  if (head) {
    response.end();
    return;
  }
  response.setHeader('content-length', Buffer.byteLength(body));
  response.end(body);
}
