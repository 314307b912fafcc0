/**
 * The Lambda Runtime API of one execution environment: the HTTP contract every Lambda runtime
 * speaks (AWS Lambda developer guide, "Using the Lambda runtime API for custom runtimes"). The
 * runtime process long-polls `GET /2018-06-01/runtime/invocation/next`, answers on
 * `POST …/invocation/{id}/response` (buffered, or streamed with
 * `Lambda-Runtime-Function-Response-Mode: streaming` and error trailers) or `…/{id}/error`, and
 * reports a failed init on `POST …/init/error`. Each environment gets its own server on
 * 127.0.0.1 (port 0): `AWS_LAMBDA_RUNTIME_API` has no room for anything that would tell two
 * environments apart on a shared one.
 *
 * Answers follow AWS's runtime interface emulator: 202 `{"status":"OK"}`, 400 `InvalidRequestID`
 * for an id that is not the current invocation's, 403 `InvalidStateTransition` for a call out of
 * turn, 413 `RequestEntityTooLarge` past 6 MB (the invocation then fails with
 * `Function.ResponseSizeTooLarge`).
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaErrorType, MAX_STREAMED_RESPONSE_BYTES, MAX_SYNC_RESPONSE_BYTES, responseTooLargeError, RUNTIME_API_ERRORS, type RuntimeApiErrorSpec } from '../errors.js';
import { bufferedStreamPayload, type StreamMetadata } from '../streamedPayload.js';
import type { FunctionError, ResponseStreamSink } from '../types.js';
import { StreamedResponseReader } from './StreamedResponseReader.js';

const PREFIX = '/2018-06-01/runtime';
const INVOCATION_PATH = /^\/2018-06-01\/runtime\/invocation\/([^/]+)\/(response|error)$/;
const ACCEPTED = '{"status":"OK"}';
/** Error bodies are small JSON documents; anything past this is cut. */
const MAX_ERROR_BODY_BYTES = 1024 * 1024;

export interface RuntimeApiInvocation {
  requestId: string;
  /** The event as JSON text. */
  event: string;
  /** Epoch milliseconds at which the invocation times out. */
  deadlineMs: number;
  invokedFunctionArn: string;
  /** JSON text for `Lambda-Runtime-Client-Context`, when the caller sent one. */
  clientContext?: string;
  /** JSON text for `Lambda-Runtime-Cognito-Identity`, when the caller has one. */
  cognitoIdentity?: string;
  /** Set for streamed invocations (InvokeWithResponseStream, RESPONSE_STREAM Function URLs). */
  stream?: ResponseStreamSink;
}

export type RuntimeApiOutcome = { kind: 'result'; payload: string | undefined } | { kind: 'error'; error: FunctionError };

export type InitReport = { ok: true } | { ok: false; error: FunctionError };

interface CurrentInvocation {
  invocation: RuntimeApiInvocation;
  resolve: (outcome: RuntimeApiOutcome) => void;
  /** The runtime has received it through `/next`. */
  delivered: boolean;
}

export class RuntimeApiServer {
  /** Resolves at the runtime's first `/next` (init done) or its `/init/error`. */
  readonly initialized: Promise<InitReport>;
  private reportInit!: (report: InitReport) => void;
  private initDone = false;
  private waitingNext: ServerResponse | undefined;
  private current: CurrentInvocation | undefined;

  private constructor(private readonly server: Server) {
    this.initialized = new Promise((resolve) => (this.reportInit = resolve));
    server.on('request', (request: IncomingMessage, response: ServerResponse) => this.route(request, response));
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  static async start(): Promise<RuntimeApiServer> {
    const server = createServer({ keepAliveTimeout: 0, requestTimeout: 0, headersTimeout: 60_000 });
    const api = new RuntimeApiServer(server);
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.unref();
    return api;
  }

  /** `host:port`, the value of `AWS_LAMBDA_RUNTIME_API`. */
  get address(): string {
    const { port } = this.server.address() as AddressInfo;
    return `127.0.0.1:${port}`;
  }

  /** Hands an invocation to the runtime (now if it waits on `/next`, else at its next `/next`). */
  invoke(invocation: RuntimeApiInvocation): Promise<RuntimeApiOutcome> {
    return new Promise((resolve) => {
      this.current = { invocation, resolve, delivered: false };
      const waiting = this.waitingNext;
      if (waiting) {
        this.waitingNext = undefined;
        this.deliver(waiting);
      }
    });
  }

  /** Forgets the current invocation (it timed out, or the process died): posts for it now answer `InvalidRequestID`. */
  abandon(): void {
    this.current = undefined;
  }

  async close(): Promise<void> {
    this.abandon();
    this.waitingNext?.destroy();
    this.waitingNext = undefined;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(request: IncomingMessage, response: ServerResponse): void {
    const url = request.url ?? '';
    if (request.method === 'GET' && url === `${PREFIX}/invocation/next`) return this.next(response);
    if (request.method === 'POST') {
      const match = INVOCATION_PATH.exec(url);
      if (match) return match[2] === 'response' ? this.response(decodeURIComponent(match[1]), request, response) : this.error(decodeURIComponent(match[1]), request, response);
      if (url === `${PREFIX}/init/error`) return this.initError(request, response);
    }
    request.resume();
    reject(response, RUNTIME_API_ERRORS.notFound);
  }

  private next(response: ServerResponse): void {
    if (this.waitingNext || (this.current?.delivered ?? false)) return reject(response, RUNTIME_API_ERRORS.invalidStateTransition);
    if (!this.initDone) {
      this.initDone = true;
      this.reportInit({ ok: true });
    }
    response.on('close', () => {
      if (this.waitingNext === response) this.waitingNext = undefined;
    });
    if (this.current && !this.current.delivered) this.deliver(response);
    else this.waitingNext = response;
  }

  private deliver(response: ServerResponse): void {
    const current = this.current!;
    current.delivered = true;
    const invocation = current.invocation;
    const headers: Record<string, string | number> = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(invocation.event),
      'lambda-runtime-aws-request-id': invocation.requestId,
      'lambda-runtime-deadline-ms': invocation.deadlineMs,
      'lambda-runtime-invoked-function-arn': invocation.invokedFunctionArn,
      'lambda-runtime-trace-id': newTraceHeader(),
    };
    if (invocation.clientContext !== undefined) headers['lambda-runtime-client-context'] = invocation.clientContext;
    if (invocation.cognitoIdentity !== undefined) headers['lambda-runtime-cognito-identity'] = invocation.cognitoIdentity;
    response.writeHead(200, headers);
    response.end(invocation.event);
  }

  /** The current invocation if `requestId` names it and the runtime has it; else answers the error. */
  private claim(requestId: string, request: IncomingMessage, response: ServerResponse): CurrentInvocation | undefined {
    const current = this.current;
    if (current?.delivered && current.invocation.requestId === requestId) return current;
    request.resume();
    reject(response, RUNTIME_API_ERRORS.invalidRequestId);
    return undefined;
  }

  private settle(current: CurrentInvocation, outcome: RuntimeApiOutcome): void {
    if (this.current === current) this.current = undefined;
    current.resolve(outcome);
  }

  private response(requestId: string, request: IncomingMessage, response: ServerResponse): void {
    const current = this.claim(requestId, request, response);
    if (!current) return;
    const mode = request.headers['lambda-runtime-function-response-mode'];
    if (mode === undefined) return this.bufferedResponse(current, request, response);
    if (mode === 'streaming') return this.streamedResponse(current, request, response);
    request.resume();
    this.settle(current, { kind: 'error', error: { errorType: LambdaErrorType.invalidResponseMode, errorMessage: `Invalid function response mode: ${String(mode)}` } });
    reject(response, RUNTIME_API_ERRORS.invalidResponseMode);
  }

  private bufferedResponse(current: CurrentInvocation, request: IncomingMessage, response: ServerResponse): void {
    readBody(request, MAX_SYNC_RESPONSE_BYTES, (body, tooLarge) => {
      if (tooLarge) {
        this.settle(current, { kind: 'error', error: responseTooLargeError() });
        return reject(response, RUNTIME_API_ERRORS.payloadTooLarge);
      }
      const payload = body.byteLength === 0 ? undefined : body.toString('utf8');
      // A streamed invocation answered in one piece: the payload is the stream's only chunk.
      if (current.invocation.stream) {
        if (body.byteLength > 0) current.invocation.stream.onChunk(body);
        this.settle(current, { kind: 'result', payload: undefined });
      } else {
        this.settle(current, { kind: 'result', payload });
      }
      accept(response);
    });
  }

  private streamedResponse(current: CurrentInvocation, request: IncomingMessage, response: ServerResponse): void {
    const buffered = current.invocation.stream ? undefined : { metadata: undefined as StreamMetadata | undefined, chunks: [] as Buffer[] };
    const sink: ResponseStreamSink = current.invocation.stream ?? {
      onMetadata: (metadata) => (buffered!.metadata = metadata),
      onChunk: (chunk) => buffered!.chunks.push(Buffer.from(chunk)),
    };
    const limit = buffered ? MAX_SYNC_RESPONSE_BYTES : MAX_STREAMED_RESPONSE_BYTES;
    const reader = new StreamedResponseReader(sink, request.headers['content-type']);
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      if (reader.bytes + chunk.byteLength > limit) {
        tooLarge = true;
        return;
      }
      // Only the current invocation's stream: a late chunk after a timeout goes nowhere.
      if (this.current === current) reader.push(chunk);
    });
    request.on('end', () => {
      if (tooLarge) {
        this.settle(current, { kind: 'error', error: responseTooLargeError() });
        return reject(response, RUNTIME_API_ERRORS.payloadTooLarge);
      }
      reader.end();
      const trailerError = streamTrailerError(request.trailers);
      if (trailerError) this.settle(current, { kind: 'error', error: trailerError });
      else this.settle(current, { kind: 'result', payload: buffered ? JSON.stringify(bufferedStreamPayload(buffered.metadata, Buffer.concat(buffered.chunks))) : undefined });
      accept(response);
    });
    // The runtime died mid-stream: its exit ends the invocation.
    request.on('error', () => {});
  }

  private error(requestId: string, request: IncomingMessage, response: ServerResponse): void {
    const current = this.claim(requestId, request, response);
    if (!current) return;
    readBody(request, MAX_ERROR_BODY_BYTES, (body) => {
      this.settle(current, { kind: 'error', error: parseErrorBody(body, request.headers['lambda-runtime-function-error-type']) });
      accept(response);
    });
  }

  private initError(request: IncomingMessage, response: ServerResponse): void {
    if (this.initDone) {
      request.resume();
      return reject(response, RUNTIME_API_ERRORS.invalidStateTransition);
    }
    readBody(request, MAX_ERROR_BODY_BYTES, (body) => {
      this.initDone = true;
      this.reportInit({ ok: false, error: parseErrorBody(body, request.headers['lambda-runtime-function-error-type']) });
      accept(response);
    });
  }
}

/** Reads a body up to `limit` bytes; past it the rest is drained and `tooLarge` is set. */
function readBody(request: IncomingMessage, limit: number, done: (body: Buffer, tooLarge: boolean) => void): void {
  const chunks: Buffer[] = [];
  let bytes = 0;
  let tooLarge = false;
  request.on('data', (chunk: Buffer) => {
    if (tooLarge) return;
    bytes += chunk.byteLength;
    if (bytes > limit) {
      tooLarge = true;
      chunks.length = 0;
    } else chunks.push(chunk);
  });
  request.on('end', () => done(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), tooLarge));
  request.on('error', () => {});
}

/** `{"errorMessage","errorType","stackTrace"}` as runtimes post it; the header names the type when the body does not. */
function parseErrorBody(body: Buffer, headerType: string | string[] | undefined): FunctionError {
  const fallbackType = typeof headerType === 'string' && headerType ? headerType : LambdaErrorType.unknown;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { errorType: fallbackType, errorMessage: body.toString('utf8') };
  }
  if (parsed === null || typeof parsed !== 'object') return { errorType: fallbackType, errorMessage: String(parsed) };
  const fields = parsed as { errorType?: unknown; errorMessage?: unknown; stackTrace?: unknown };
  return {
    errorType: typeof fields.errorType === 'string' && fields.errorType ? fields.errorType : fallbackType,
    errorMessage: typeof fields.errorMessage === 'string' ? fields.errorMessage : '',
    trace: Array.isArray(fields.stackTrace) ? fields.stackTrace.map(String) : undefined,
  };
}

/** A mid-stream failure, reported in trailers: `Lambda-Runtime-Function-Error-Type` and a base64 `…-Error-Body`. */
function streamTrailerError(trailers: NodeJS.Dict<string>): FunctionError | undefined {
  const type = trailers['lambda-runtime-function-error-type'];
  if (!type) return undefined;
  const body = trailers['lambda-runtime-function-error-body'];
  return parseErrorBody(body ? Buffer.from(body, 'base64') : Buffer.alloc(0), type);
}

function accept(response: ServerResponse): void {
  response.writeHead(202, { 'content-type': 'application/json', 'content-length': ACCEPTED.length });
  response.end(ACCEPTED);
}

function reject(response: ServerResponse, spec: RuntimeApiErrorSpec): void {
  const body = JSON.stringify({ errorMessage: spec.errorMessage, errorType: spec.errorType });
  response.writeHead(spec.status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** An X-Ray trace header as Lambda passes it: `Root=1-<epoch hex>-<96 bits>;Parent=<64 bits>;Sampled=0`. */
function newTraceHeader(): string {
  const random = randomBytes(20).toString('hex');
  return `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${random.slice(0, 24)};Parent=${random.slice(24, 40)};Sampled=0`;
}
