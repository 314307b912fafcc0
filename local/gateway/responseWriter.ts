/**
 * Writes a gateway response straight to the socket (`reply.hijack()`), so Fastify adds no
 * default content type or serialization of its own: the bytes are exactly what API Gateway sends.
 */
import type { FastifyReply } from 'fastify';
import type { GatewayErrorSpec } from './errors.js';

export type ResponseHeaders = Record<string, string | string[]>;

/** Sends status, headers and body; `Content-Length` is computed here. */
export function writeResponse(reply: FastifyReply, status: number, headers: ResponseHeaders, body: string | Buffer): void {
  reply.hijack();
  const raw = reply.raw;
  if (raw.destroyed) return;
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  headers['content-length'] = String(length);
  raw.writeHead(status, headers);
  if (reply.request.raw.method === 'HEAD') raw.end();
  else raw.end(body);
}

/** Sends one of the registry's error responses with the gateway's id headers. */
export function writeGatewayError(reply: FastifyReply, error: GatewayErrorSpec, idHeaders: ResponseHeaders, extraHeaders?: ResponseHeaders): void {
  const headers: ResponseHeaders = { ...idHeaders, ...extraHeaders, 'content-type': error.contentType, 'x-amzn-ErrorType': error.errorType };
  writeResponse(reply, error.status, headers, error.body);
}
