import type { IncomingMessage } from 'node:http';
import { S3Error } from '../errors.js';
import type { S3Store } from '../store/S3Store.js';
import type { ObjectHeaders } from '../store/records.js';
import type { S3Address } from './addressing.js';
import { decodeAwsChunked, isAwsChunked } from './awsChunked.js';

/** Limits the local S3 enforces (Amazon S3 user guide, "Amazon S3 multipart upload limits", read 2026-12-07). */
export interface S3Limits {
  /** One PUT: 5 GiB. */
  maxPutBytes: number;
  /** One object assembled from parts: 5 TiB (48.8 TiB since 2025 on AWS; kept at 5 TiB). */
  maxObjectBytes: number;
  /** Every part but the last: 5 MiB. */
  minPartBytes: number;
  /** One part: 5 GiB. */
  maxPartBytes: number;
}

export const DEFAULT_LIMITS: S3Limits = {
  maxPutBytes: 5 * 1024 ** 3,
  maxObjectBytes: 5 * 1024 ** 4,
  minPartBytes: 5 * 1024 ** 2,
  maxPartBytes: 5 * 1024 ** 3,
};

/** One request as the operations see it. */
export interface S3Request {
  method: string;
  address: S3Address;
  headers: IncomingMessage['headers'];
  raw: IncomingMessage;
  store: S3Store;
  limits: S3Limits;
  region: string;
  requestId: string;
  /** Trailers of an aws-chunked body, filled once it is read. */
  trailers: Map<string, string>;
}

/** What an operation answers: status, headers, and an XML string or a byte stream. */
export interface S3Reply {
  status: number;
  headers?: Record<string, string | number | undefined>;
  body?: string | NodeJS.ReadableStream;
}

export function header(request: S3Request, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/**
 * The request's bytes, iterated so that a consumer that stops early (a refused body) does not destroy
 * the request: the socket stays open for the error answer, and the rest of the body is drained.
 */
async function* uncancelled(raw: IncomingMessage): AsyncGenerator<Uint8Array> {
  const iterator = raw[Symbol.asyncIterator]();
  for (;;) {
    const { value, done } = (await iterator.next()) as IteratorResult<Uint8Array>;
    if (done) return;
    yield value;
  }
}

/** The request body's bytes, decoded when aws-chunked. */
export function bodyStream(request: S3Request): AsyncIterable<Uint8Array> {
  const raw = uncancelled(request.raw);
  return isAwsChunked(request.headers) ? decodeAwsChunked(raw, request.trailers) : raw;
}

/** The whole body (for XML documents), capped at 1 MiB. */
export async function bodyBuffer(request: S3Request, max = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of bodyStream(request)) {
    size += chunk.length;
    if (size > max) throw new S3Error('MalformedXML', 'The XML you provided was larger than the maximum allowed size');
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export function requireBucket(request: S3Request): string {
  if (!request.address.bucket) throw new S3Error('MethodNotAllowed');
  return request.address.bucket;
}

export function requireKey(request: S3Request): string {
  const key = request.address.key;
  if (!key) throw new S3Error('InvalidRequest', 'A key must be specified');
  if (Buffer.byteLength(key) > 1024) throw new S3Error('KeyTooLongError', undefined, { Size: String(Buffer.byteLength(key)), MaxSizeAllowed: '1024' });
  return key;
}

/** Content headers and `x-amz-meta-*` from a PUT, copy or CreateMultipartUpload. */
export function objectHeadersFrom(request: S3Request): ObjectHeaders {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith('x-amz-meta-') && value !== undefined) metadata[name.slice('x-amz-meta-'.length)] = Array.isArray(value) ? value.join(',') : value;
  }
  const encoding = header(request, 'content-encoding')
    ?.split(',')
    .map((v) => v.trim())
    .filter((v) => v && v !== 'aws-chunked')
    .join(', ');
  return {
    contentType: header(request, 'content-type') ?? 'application/octet-stream',
    contentEncoding: encoding || undefined,
    contentDisposition: header(request, 'content-disposition'),
    contentLanguage: header(request, 'content-language'),
    cacheControl: header(request, 'cache-control'),
    expires: header(request, 'expires'),
    metadata,
  };
}
