import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { listenOn } from '../../listenOn.js';
import { S3Error } from '../errors.js';
import { S3Store } from '../store/S3Store.js';
import { resolveAddress } from './addressing.js';
import { corsHeaders, corsRefusal, matchCorsRule } from './cors.js';
import { verifyPresignedRequest, verifyPresignedV2Request } from './presignedUrl.js';
import { sendError, sendReply } from './replies.js';
import { routeRequest } from './routeRequest.js';
import { DEFAULT_LIMITS, type S3Limits, type S3Request } from './S3Request.js';

export interface S3ServerOptions {
  host?: string;
  port?: number;
  /** Where buckets and objects are kept; undefined keeps them in memory (`--ephemeral`). */
  dataDir?: string;
  /** The region the buckets are in (default us-east-1). */
  region?: string;
  limits?: Partial<S3Limits>;
  /** Keys presigned URLs may be signed with (default: the kit's local credentials, `local`/`local`). */
  credentials?: { accessKeyId: string; secretAccessKey: string }[];
  log?: (line: string) => void;
}

export interface RunningS3 {
  url: string;
  port: number;
  store: S3Store;
  close(): Promise<void>;
}

/**
 * Starts the local S3 on its own port.
 *
 * @example
 * const s3 = await startS3Server({ port: 0 });
 * const client = new S3Client({ endpoint: s3.url, forcePathStyle: true, region: 'us-east-1', credentials });
 */
export async function startS3Server(options: S3ServerOptions = {}): Promise<RunningS3> {
  const store = new S3Store(options.dataDir);
  await store.open();
  const region = options.region ?? 'us-east-1';
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const secrets = new Map((options.credentials ?? [{ accessKeyId: 'local', secretAccessKey: 'local' }]).map((c) => [c.accessKeyId, c.secretAccessKey]));
  const log = options.log ?? (() => {});

  const handle = async (raw: IncomingMessage, response: ServerResponse) => {
    const requestId = randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase();
    response.setHeader('x-amz-request-id', requestId);
    const method = raw.method ?? 'GET';
    const address = resolveAddress(raw.url ?? '/', raw.headers.host);
    const request: S3Request = { method, address, headers: raw.headers, raw, store, limits, region, requestId, trailers: new Map() };
    try {
      const origin = raw.headers.origin;
      if (method === 'OPTIONS') {
        await sendReply(response, preflight(request));
        return;
      }
      authenticate(request, secrets);
      const reply = await routeRequest(request)(request);
      if (origin && address.bucket && store.hasBucket(address.bucket)) {
        const rule = matchCorsRule(store.bucket(address.bucket).cors, origin, method);
        if (rule) reply.headers = { ...reply.headers, ...corsHeaders(rule, origin, undefined) };
      }
      await sendReply(response, reply);
    } catch (error) {
      if (response.destroyed || raw.socket.destroyed) return;
      const s3Error = error instanceof S3Error ? error : internalError(error, log);
      // A body the operation did not read is drained, so the client reads the answer.
      if (!raw.readableEnded) {
        response.setHeader('connection', 'close');
        raw.resume();
      }
      sendError(response, s3Error, requestId, method === 'HEAD');
    }
  };

  const server = createServer((raw, response) => void handle(raw, response));
  server.requestTimeout = 0;
  await listenOn(server, options.port ?? 9000, options.host ?? '127.0.0.1', 'S3', '--s3-port');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    port,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function internalError(error: unknown, log: (line: string) => void): S3Error {
  log(`[s3] internal error: ${(error as Error)?.stack ?? String(error)}`);
  return new S3Error('InternalError', undefined, {}, { cause: error });
}

/** Presigned (query) signatures, SigV4 and SigV2, are verified; header signatures are accepted as SigV4-shaped; anonymous requests are refused. */
function authenticate(request: S3Request, secrets: ReadonlyMap<string, string>): void {
  const q = request.address.query;
  if (q.has('X-Amz-Signature') || q.has('X-Amz-Credential') || q.has('X-Amz-Algorithm')) {
    verifyPresignedRequest({ method: request.method, rawPath: request.address.rawPath, query: q, headers: request.headers }, secrets);
    return;
  }
  if (q.has('Signature') && q.has('AWSAccessKeyId')) {
    verifyPresignedV2Request({ method: request.method, rawPath: request.address.rawPath, query: q, headers: request.headers }, secrets, request.address.bucket, request.address.style === 'virtual-hosted');
    return;
  }
  const authorization = request.headers.authorization;
  if (!authorization) throw new S3Error('AccessDenied');
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ') && !authorization.startsWith('AWS ')) throw new S3Error('InvalidArgument', 'Unsupported Authorization Type', { ArgumentName: 'Authorization', ArgumentValue: authorization.split(' ')[0] });
}

/** A CORS preflight, answered from the bucket's CORS configuration. */
function preflight(request: S3Request) {
  const origin = request.headers.origin;
  const method = request.headers['access-control-request-method'];
  if (!origin || typeof method !== 'string') throw new S3Error('InvalidRequest', 'Insufficient information. Origin request header needed.');
  const bucketName = request.address.bucket;
  if (!bucketName) throw corsRefusal(false);
  const bucket = request.store.bucket(bucketName);
  const requested = String(request.headers['access-control-request-headers'] ?? '')
    .split(',')
    .map((h) => h.trim().toLowerCase())
    .filter(Boolean);
  const rule = matchCorsRule(bucket.cors, origin, method, requested);
  if (!rule) throw corsRefusal(Boolean(bucket.cors?.length));
  return { status: 200, headers: corsHeaders(rule, origin, { method, headers: requested }) };
}
