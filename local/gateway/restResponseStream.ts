/**
 * A REST API Lambda proxy integration with `responseTransferMode: STREAM`: the function is invoked
 * with response streaming (the runtime's `InvokeOptions.stream`, Lambda's
 * `InvokeWithResponseStream`); the metadata prelude becomes the status and headers, and every body
 * chunk goes to the client, chunked, the moment the function writes it.
 *
 * As AWS documents it (API Gateway developer guide, "Stream the integration response for your proxy
 * integrations" and "Set up a Lambda proxy integration with payload response streaming", read 2026-12-07):
 * - streaming starts once valid metadata and the delimiter have arrived; until then the
 *   integration timeout applies (29 s by default; up to 15 minutes in this mode) → 504;
 * - a stream lasts at most 15 minutes and is cut after an idle time without bytes (5 minutes for
 *   regional and private endpoints, 30 s for edge-optimised ones, CloudFormation's default type);
 *   a cut stream ends without its terminating chunk (curl: "(18) transfer closed with outstanding
 *   read data remaining"), and the function may go on running;
 * - no content encoding, endpoint caching or VTL response mapping in this mode (the kit has none of
 *   them for streamed routes), and no binary media types are needed: bytes pass as they are.
 *
 * Not documented, chosen here (docs/gateway.md): a function error or Lambda throttle before the
 * metadata answers as for a buffered proxy integration (502 / 500); an output without valid
 * metadata and delimiter is a malformed proxy response (502); a function error after the head cuts
 * the stream like a timeout.
 */
import type { FastifyReply } from 'fastify';
import type { InvocationTrigger, LambdaRuntime, ResponseStreamSink } from '../runtime/types.js';
import type { ErrorDialect, GatewayErrorSpec } from './errors.js';
import { invokeIntegration } from './invokeIntegration.js';
import type { ResponseHeaders } from './responseWriter.js';
import { writeGatewayError } from './responseWriter.js';
import type { StreamHead } from './streamPrelude.js';
import { StreamPreludeReader, toStreamHead } from './streamPrelude.js';

/** Longest a streamed response may last. */
export const REST_STREAM_MAX_DURATION_MS = 15 * 60_000;
/** Idle timeout of a regional (or private) endpoint's stream. */
export const REST_STREAM_IDLE_TIMEOUT_MS = 5 * 60_000;
/** Idle timeout of an edge-optimised endpoint's stream. */
export const REST_STREAM_EDGE_IDLE_TIMEOUT_MS = 30_000;

export interface RestStreamLimits {
  /** Until the metadata and delimiter arrive (the integration timeout). */
  firstByteTimeoutMs: number;
  idleTimeoutMs: number;
  maxDurationMs: number;
}

export interface RestStreamRequest {
  runtime: LambdaRuntime;
  functionId: string;
  /** Who invoked the function (the route), for the runtime's observers. */
  trigger?: InvocationTrigger;
  event: unknown;
  reply: FastifyReply;
  /** The request id headers. */
  ids: ResponseHeaders;
  /** CORS headers for this request's origin, if any. */
  corsHeaders: ResponseHeaders | undefined;
  dialect: ErrorDialect;
  limits: RestStreamLimits;
  note(line: string): void;
}

/** One streamed response in flight: its timers, the head once sent, and how it ended. */
class RestStream {
  readonly controller = new AbortController();
  readonly prelude = new StreamPreludeReader();
  head: StreamHead | undefined;
  /** Set when the gateway gave up (timeout, malformed output): nothing more is written. */
  ended = false;
  status = 0;
  firstByteTimer: NodeJS.Timeout | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  maxTimer: NodeJS.Timeout | undefined;

  constructor(readonly request: RestStreamRequest) {}

  get raw(): FastifyReply['raw'] {
    return this.request.reply.raw;
  }

  start(): void {
    const { limits } = this.request;
    this.firstByteTimer = setTimeout(() => this.timeUp('integration timeout before the metadata'), limits.firstByteTimeoutMs);
    this.maxTimer = setTimeout(() => this.timeUp(`stream reached its ${limits.maxDurationMs} ms limit`), limits.maxDurationMs);
  }

  /** Answers a gateway error before the head, or cuts the stream after it; stops the invocation's stream. */
  giveUp(error: GatewayErrorSpec, reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.request.note(`${this.request.functionId}: ${reason}`);
    this.clearTimers();
    if (!this.raw.headersSent) {
      this.status = error.status;
      writeGatewayError(this.request.reply, error, this.request.ids, this.request.corsHeaders);
    } else {
      this.raw.destroy();
    }
    this.controller.abort();
  }

  timeUp(reason: string): void {
    this.giveUp(this.request.dialect.integrationTimeout, reason);
  }

  sendHead(head: StreamHead): void {
    if (this.ended || this.head) return;
    this.head = head;
    this.status = head.status;
    clearTimeout(this.firstByteTimer);
    this.idleTimer = setTimeout(() => this.timeUp(`stream idle for ${this.request.limits.idleTimeoutMs} ms`), this.request.limits.idleTimeoutMs);
    if (this.raw.destroyed) return;
    this.raw.writeHead(head.status, Object.assign(head.headers, this.request.corsHeaders, this.request.ids));
    // The head leaves now, not with the first body byte: a client sees the status while the model thinks.
    this.raw.flushHeaders();
  }

  writeBody(chunk: Uint8Array): void {
    if (this.ended || this.raw.destroyed || chunk.byteLength === 0) return;
    this.idleTimer?.refresh();
    this.raw.write(chunk);
  }

  readonly sink: ResponseStreamSink = {
    onMetadata: (metadata) => {
      const head = toStreamHead(metadata);
      if (!head) return this.giveUp(this.request.dialect.integrationFailure, 'Malformed Lambda proxy response (stream metadata)');
      this.sendHead(head);
    },
    onChunk: (chunk) => {
      if (this.head) return this.writeBody(chunk);
      if (this.ended) return;
      const step = this.prelude.push(chunk);
      if (step.kind === 'malformed') return this.giveUp(this.request.dialect.integrationFailure, `Malformed Lambda proxy response (${step.reason})`);
      if (step.kind === 'head') {
        this.sendHead(step.head);
        this.writeBody(step.rest);
      }
    },
  };

  clearTimers(): void {
    clearTimeout(this.firstByteTimer);
    clearTimeout(this.idleTimer);
    clearTimeout(this.maxTimer);
  }
}

/** Runs one streamed integration to its end; returns the status sent (0 when the client left first). */
export async function streamRestIntegration(request: RestStreamRequest): Promise<number> {
  const { reply } = request;
  reply.hijack();
  const stream = new RestStream(request);
  const onClose = (): void => {
    if (!reply.raw.writableFinished) stream.controller.abort();
  };
  reply.raw.on('close', onClose);
  stream.start();
  try {
    const outcome = await invokeIntegration(request.runtime, request.functionId, request.event, 0, { trigger: request.trigger, stream: stream.sink, signal: stream.controller.signal });
    if (stream.ended || reply.raw.destroyed) return stream.status;
    if (outcome.kind === 'throttled') {
      stream.giveUp(request.dialect.lambdaThrottled, `Lambda throttled: ${outcome.error.errorMessage}`);
    } else if (outcome.kind === 'error') {
      const trace = outcome.error.trace?.join('\n') ?? '';
      stream.giveUp(request.dialect.integrationFailure, `${outcome.error.errorType}: ${outcome.error.errorMessage}${trace ? `\n${trace}` : ''}`);
    } else if (!stream.head) {
      // The function ended without metadata and delimiter (a buffered handler's JSON result, or raw bytes).
      stream.giveUp(request.dialect.integrationFailure, 'Malformed Lambda proxy response (the stream ended before its metadata delimiter)');
    } else {
      stream.clearTimers();
      reply.raw.end();
    }
    return stream.status;
  } finally {
    stream.clearTimers();
    reply.raw.off('close', onClose);
  }
}
