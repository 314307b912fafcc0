/**
 * What `local-aws-sqs` does not answer as SQS does, checked before a request reaches it: a request
 * from a web page on another site (`stack/browserOrigin.ts`), a JSON request without `X-Amz-Target`, a body larger than any SQS request, and a JSON body that is
 * not an object (the package parses the request outside its own error handling, so these would
 * otherwise end in a 500).
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { foreignOrigin, foreignOriginMessage } from '../stack/browserOrigin.js';

const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
/** SQS takes at most 1 MiB of message payload per request; JSON framing and attributes add some. */
export const MAX_SQS_REQUEST_BYTES = 2 * 1024 * 1024;

/** Answers a request SQS would refuse before any operation runs; returns whether it answered. */
export function refuseMalformedRequest(request: IncomingMessage, response: ServerResponse): boolean {
  const origin = foreignOrigin(request.headers.origin);
  if (origin) {
    sendRefusal(request, response, 403, 'AccessDenied', foreignOriginMessage('SQS', origin));
    return true;
  }
  const length = Number(request.headers['content-length'] ?? 0);
  if (length > MAX_SQS_REQUEST_BYTES) {
    sendRequestTooLarge(request, response);
    return true;
  }
  if (isJsonProtocol(request) && !request.headers['x-amz-target']) {
    sendRefusal(request, response, 400, 'UnknownOperationException', 'The request has no X-Amz-Target header');
    return true;
  }
  return false;
}

/** The answer to a body larger than any SQS request (announced, or counted as it streamed in). */
export function sendRequestTooLarge(request: IncomingMessage, response: ServerResponse): void {
  sendRefusal(request, response, 413, 'RequestEntityTooLarge', `Request must be smaller than ${MAX_SQS_REQUEST_BYTES} bytes`, true);
}

/** The answer to a request the package failed to parse (e.g. a JSON body of `null`). */
export function sendUnparsableRequest(request: IncomingMessage, response: ServerResponse): void {
  sendRefusal(request, response, 400, 'SerializationException', 'The request body could not be read as an SQS request');
}

function isJsonProtocol(request: IncomingMessage): boolean {
  return (request.headers['content-type'] ?? '').split(';')[0]?.trim() === JSON_CONTENT_TYPE;
}

function sendRefusal(request: IncomingMessage, response: ServerResponse, status: number, code: string, message: string, close = false): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  const headers: Record<string, string> = close ? { connection: 'close' } : {};
  if (isJsonProtocol(request)) {
    response.writeHead(status, { ...headers, 'content-type': JSON_CONTENT_TYPE, 'x-amzn-query-error': `${code};Sender` });
    response.end(JSON.stringify({ __type: `com.amazon.coral.service#${code}`, message }));
    return;
  }
  response.writeHead(status, { ...headers, 'content-type': 'text/xml' });
  response.end(
    `<?xml version="1.0"?><ErrorResponse xmlns="http://queue.amazonaws.com/doc/2012-11-05/"><Error><Type>Sender</Type>` +
      `<Code>${code}</Code><Message>${message}</Message><Detail/></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`,
  );
}
