/**
 * Runs one invocation of a loaded handler inside a worker: plain handlers (promise or callback)
 * and `streamifyResponse` handlers, each invoked either buffered or streamed.
 */
import { finished } from 'node:stream/promises';
import { isStreamingHandler } from './awslambdaGlobal.js';
import { createLambdaContext, type LambdaContext } from './lambdaContext.js';
import { LambdaResponseStream, type ResponseStreamTarget } from './LambdaResponseStream.js';
import type { Handler } from './loadHandler.js';
import { bufferedStreamPayload } from '../streamedPayload.js';
import type { StreamMetadata, WorkerSetup } from '../workerProtocol.js';

export interface InvocationRequest {
  requestId: string;
  event: unknown;
  deadlineMs: number;
  /** Present for streamed invocations: where metadata and chunks go as they are written. */
  stream?: ResponseStreamTarget;
}

/** What the handler produced: a value to serialise, or (streamed) nothing more to send. */
export type InvocationOutcome = { kind: 'value'; value: unknown } | { kind: 'streamed' };

/** Streams currently open, by invocation, so an abort can end them. */
export const openStreams = new Map<number, LambdaResponseStream>();

export async function runInvocation(id: number, setup: WorkerSetup, handler: Handler, request: InvocationRequest): Promise<InvocationOutcome> {
  if (isStreamingHandler(handler)) {
    return request.stream
      ? (await runStreamingHandler(id, setup, handler, request, request.stream), { kind: 'streamed' })
      : { kind: 'value', value: await runStreamingHandlerBuffered(id, setup, handler, request) };
  }
  const value = await runPlainHandler(setup, handler, request);
  if (request.stream) {
    request.stream.onChunk(Buffer.from(JSON.stringify(value) ?? 'null'));
    return { kind: 'streamed' };
  }
  return { kind: 'value', value };
}

/** A promise-returning or callback-style handler (`(event, context, callback)`). */
function runPlainHandler(setup: WorkerSetup, handler: Handler, request: InvocationRequest): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const context = createLambdaContext(setup, request.requestId, request.deadlineMs, { resolve, reject });
    const callback = (error?: unknown, result?: unknown) => (error === undefined || error === null ? resolve(result) : reject(error));
    const returned = handler(request.event, context, callback);
    if (isThenable(returned)) returned.then(resolve, reject);
  });
}

async function runStreamingHandler(id: number, setup: WorkerSetup, handler: Handler, request: InvocationRequest, target: ResponseStreamTarget): Promise<void> {
  const stream = new LambdaResponseStream(target);
  openStreams.set(id, stream);
  try {
    const context: LambdaContext = createLambdaContext(setup, request.requestId, request.deadlineMs, {
      resolve: () => stream.end(),
      reject: (error) => stream.destroy(error instanceof Error ? error : new Error(String(error))),
    });
    const returned = handler(request.event, stream, context);
    if (isThenable(returned)) {
      await returned;
      if (!stream.writableEnded && !stream.destroyed) stream.end();
    }
    await finished(stream).catch((error: unknown) => {
      // A stream the client aborted ends the invocation normally; other stream errors are the handler's.
      if (!stream.destroyed || stream.errored !== abortedStreamError(stream)) throw error;
    });
  } finally {
    openStreams.delete(id);
  }
}

/**
 * A `streamifyResponse` handler invoked without streaming: the body is buffered. With an HTTP
 * prelude the result is a Function URL (payload 2.0) response; without one, the body as text.
 */
async function runStreamingHandlerBuffered(id: number, setup: WorkerSetup, handler: Handler, request: InvocationRequest): Promise<unknown> {
  let metadata: StreamMetadata | undefined;
  const chunks: Buffer[] = [];
  await runStreamingHandler(id, setup, handler, request, {
    onMetadata: (value) => (metadata = value),
    onChunk: (chunk) => chunks.push(Buffer.from(chunk)),
  });
  return bufferedStreamPayload(metadata, Buffer.concat(chunks));
}

const abortErrors = new WeakMap<LambdaResponseStream, Error>();

/** Ends an open response stream because the client went away (the handler's writes now fail). */
export function abortStream(id: number): void {
  const stream = openStreams.get(id);
  if (!stream || stream.destroyed) return;
  const error = Object.assign(new Error('The client closed the response stream'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
  abortErrors.set(stream, error);
  stream.destroy(error);
}

function abortedStreamError(stream: LambdaResponseStream): Error | undefined {
  return abortErrors.get(stream);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as { then?: unknown }).then === 'function';
}
