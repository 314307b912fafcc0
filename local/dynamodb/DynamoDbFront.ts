/**
 * The DynamoDB endpoint the stack hands out, in front of whichever backend runs (dynalite or
 * DynamoDB Local on a loopback port of their own). It forwards every request as it is, except
 * `UpdateTimeToLive` and `DescribeTimeToLive`, which it answers from the kit's
 * {@link TimeToLiveRegistry} (dynalite has neither; on DynamoDB Local the kit's TTL sweeper, on the
 * stack clock, deletes expired items instead of the backend), and it forgets the TTL of a table
 * that `DeleteTable` removed. It refuses requests from web pages on other sites (`stack/browserOrigin.ts`):
 * dynalite answers any origin's CORS preflight, and neither backend checks signatures.
 */
import { randomUUID } from 'node:crypto';
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DescribeTimeToLiveCommandInput, UpdateTimeToLiveCommandInput } from '@aws-sdk/client-dynamodb';
import { listenOn } from '../listenOn.js';
import { foreignOrigin, foreignOriginMessage } from '../stack/browserOrigin.js';
import { DynamoDbClientError, describeTimeToLive, updateTimeToLive } from './ttl/timeToLiveOperations.js';
import type { TimeToLiveRegistry } from './ttl/TimeToLiveRegistry.js';

const TARGET_PREFIX = 'DynamoDB_20120810.';
const JSON_TYPE = 'application/x-amz-json-1.0';
/** A TTL request is a table name and a small structure; more is not read. */
const MAX_TTL_REQUEST_BYTES = 64 * 1024;

export interface DynamoDbFront {
  /** The port clients use. */
  port: number;
  /** Starts forwarding to the backend (requests before this answer 503). */
  attach(backendUrl: string): void;
  close(): Promise<void>;
}

/** Listens on `host:port` (a taken port fails before any backend starts). */
export async function startDynamoDbFront(options: { host: string; port: number; registry: TimeToLiveRegistry }): Promise<DynamoDbFront> {
  const agent = new Agent({ keepAlive: true });
  let backend: URL | undefined;
  const server = createServer((request, response) => {
    const origin = foreignOrigin(request.headers.origin);
    if (origin) return answer(response, 403, { __type: 'com.amazon.coral.service#AccessDeniedException', message: foreignOriginMessage('DynamoDB', origin) });
    if (!backend) return answer(response, 503, { __type: 'com.amazon.coral.availability#ServiceUnavailableException', message: 'DynamoDB is starting' });
    const operation = String(request.headers['x-amz-target'] ?? '').replace(TARGET_PREFIX, '');
    if (operation === 'UpdateTimeToLive' || operation === 'DescribeTimeToLive') void answerTimeToLive(operation, request, response, backend, agent, options.registry);
    else forward(request, response, backend, agent, operation === 'DeleteTable' ? (table) => options.registry.forget(table) : undefined);
  });
  server.keepAliveTimeout = 65_000;
  await listenOn(server, options.port, options.host, 'DynamoDB', '--dynamodb-port');
  return {
    port: (server.address() as AddressInfo).port,
    attach(url) {
      backend = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** Pipes a request to the backend and its answer back; `onDeleted` hears of a table `DeleteTable` removed. */
function forward(request: IncomingMessage, response: ServerResponse, backend: URL, agent: Agent, onDeleted?: (table: string) => unknown): void {
  const chunks: Buffer[] = [];
  if (onDeleted) request.on('data', (chunk: Buffer) => chunks.push(chunk));
  const upstream = httpRequest(
    { host: backend.hostname, port: backend.port, method: request.method, path: request.url, headers: request.headers, agent },
    (answerStream) => {
      response.writeHead(answerStream.statusCode ?? 502, answerStream.headers);
      answerStream.pipe(response);
      if (onDeleted && answerStream.statusCode === 200) {
        const table = tableNameIn(Buffer.concat(chunks));
        if (table) void Promise.resolve(onDeleted(table)).catch(() => undefined);
      }
    },
  );
  upstream.on('error', () => {
    if (!response.headersSent) answer(response, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'The DynamoDB backend did not answer' });
    else response.destroy();
  });
  request.pipe(upstream);
}

async function answerTimeToLive(
  operation: 'UpdateTimeToLive' | 'DescribeTimeToLive',
  request: IncomingMessage,
  response: ServerResponse,
  backend: URL,
  agent: Agent,
  registry: TimeToLiveRegistry,
): Promise<void> {
  try {
    const body = await readBody(request);
    let input: Record<string, unknown>;
    try {
      input = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
    } catch {
      throw new DynamoDbClientError('com.amazon.coral.service#SerializationException', 'Start of structure or map found where not expected');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new DynamoDbClientError('com.amazon.coral.service#SerializationException', 'Start of structure or map found where not expected');
    // The table must exist: the backend's own DescribeTable answer says so, or is relayed as the error.
    const described = await describeTable(backend, agent, request.headers, input.TableName);
    if (described.status !== 200) return relay(response, described);
    // Each operation checks the members it reads: the body is a client's JSON, not yet the SDK's shape.
    const output = operation === 'UpdateTimeToLive' ? await updateTimeToLive(registry, input as unknown as UpdateTimeToLiveCommandInput) : describeTimeToLive(registry, input as unknown as DescribeTimeToLiveCommandInput);
    answer(response, 200, output);
  } catch (error) {
    if (error instanceof DynamoDbClientError) answer(response, 400, { __type: error.type, message: error.message });
    else answer(response, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: String(error) });
  }
}

interface BackendAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** A DescribeTable under the caller's authorization headers (the signature no longer matches: neither backend checks it). */
function describeTable(backend: URL, agent: Agent, headers: IncomingMessage['headers'], table: unknown): Promise<BackendAnswer> {
  const body = JSON.stringify({ TableName: table });
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      {
        host: backend.hostname,
        port: backend.port,
        method: 'POST',
        path: '/',
        agent,
        headers: {
          'content-type': JSON_TYPE,
          'x-amz-target': `${TARGET_PREFIX}DescribeTable`,
          // Neither backend verifies signatures, but dynalite wants their headers present.
          ...(headers.authorization ? { authorization: headers.authorization } : {}),
          ...(headers['x-amz-date'] ? { 'x-amz-date': headers['x-amz-date'] } : {}),
          'content-length': Buffer.byteLength(body),
        },
      },
      (answerStream) => {
        readBody(answerStream, Number.POSITIVE_INFINITY).then((data) => resolve({ status: answerStream.statusCode ?? 500, headers: answerStream.headers, body: data }), reject);
      },
    );
    upstream.on('error', reject);
    upstream.end(body);
  });
}

function relay(response: ServerResponse, backendAnswer: BackendAnswer): void {
  response.writeHead(backendAnswer.status, { 'content-type': backendAnswer.headers['content-type'] ?? JSON_TYPE, 'x-amzn-requestid': backendAnswer.headers['x-amzn-requestid'] ?? randomUUID() });
  response.end(backendAnswer.body);
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text), 'x-amzn-requestid': randomUUID() });
  response.end(text);
}

function readBody(stream: IncomingMessage, limit = MAX_TTL_REQUEST_BYTES): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        stream.destroy();
        reject(new DynamoDbClientError('com.amazon.coral.service#SerializationException', 'Request too large'));
      } else chunks.push(chunk);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function tableNameIn(body: Buffer): string | undefined {
  try {
    const table = (JSON.parse(body.toString('utf8')) as { TableName?: unknown }).TableName;
    return typeof table === 'string' ? table : undefined;
  } catch {
    return undefined;
  }
}
