import { once } from 'node:events';
import type { OutgoingHttpHeaders } from 'node:http';
import http2 from 'node:http2';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BedrockError, ConnectionDropSignal } from '../errors.js';

/** Turns anything thrown into the Bedrock error the client gets. */
export function toBedrockError(error: unknown): BedrockError {
  if (error instanceof BedrockError) return error;
  const code = (error as { code?: string })?.code;
  if (code === 'FST_ERR_CTP_BODY_TOO_LARGE') return new BedrockError('ValidationException', 'Input is too long for requested model.');
  if (typeof code === 'string' && code.startsWith('FST_ERR_CTP')) {
    return new BedrockError('ValidationException', 'Malformed input request, please reformat your input and try again.');
  }
  return new BedrockError('InternalServerException');
}

/** Sends a Bedrock error: status, `x-amzn-ErrorType`, `{"message": …}`. */
export function sendError(reply: FastifyReply, error: BedrockError): FastifyReply {
  return reply
    .status(error.status)
    .header('x-amzn-ErrorType', error.errorTypeHeader)
    .header('content-type', 'application/json')
    .send(JSON.stringify(error.toBody()));
}

/** Ends the connection abruptly: RST_STREAM on HTTP/2, a destroyed socket on HTTP/1.1. */
export function dropConnection(request: FastifyRequest, reply: FastifyReply): void {
  const raw = request.raw as unknown as { stream?: http2.ServerHttp2Stream };
  if (raw.stream) {
    raw.stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    return;
  }
  reply.raw.socket?.destroy();
}

/**
 * Writes an event stream: 200 with `application/vnd.amazon.eventstream`, each frame written as
 * soon as it is produced (respecting backpressure). A client that goes away ends the
 * generator, which frees the generation.
 */
export async function sendEventStream(request: FastifyRequest, reply: FastifyReply, frames: AsyncGenerator<Uint8Array>): Promise<void> {
  const headers = reply.getHeaders();
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    ...(headers as OutgoingHttpHeaders),
    'content-type': 'application/vnd.amazon.eventstream',
    'x-amzn-bedrock-content-type': 'application/json',
  });
  let isClosed = false;
  const closed = new Promise<void>((resolve) => res.once('close', () => ((isClosed = true), resolve())));
  try {
    for await (const frame of frames) {
      if (isClosed || res.destroyed) break;
      if (!res.write(frame)) await Promise.race([once(res, 'drain'), closed]);
    }
    if (!res.destroyed) res.end();
  } catch (error) {
    if (error instanceof ConnectionDropSignal) dropConnection(request, reply);
    else if (!res.destroyed) res.destroy();
  } finally {
    await frames.return(undefined);
  }
}
