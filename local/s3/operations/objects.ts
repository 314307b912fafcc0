import type { CopyObjectCommandOutput, PutObjectCommandOutput } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';
import type { ObjectRecord } from '../store/records.js';
import { bodyStream, header, objectHeadersFrom, requireBucket, requireKey, type S3Reply, type S3Request } from '../server/S3Request.js';
import { xmlDocument } from '../xml.js';
import { checkVersionId } from '../store/versionIds.js';
import { evaluateReadConditions, evaluateWriteConditions, resolveRange, writeChecksFrom } from './objectChecks.js';

function current(request: S3Request, bucket: string, key: string): ObjectRecord | undefined {
  try {
    return request.store.object(bucket, key);
  } catch {
    return undefined;
  }
}

/** `x-amz-version-id` of a write: only on a bucket that has had versioning configured (`null` while Suspended). */
export function versionHeader(request: S3Request, bucket: string, record: { versionId?: string }): Record<string, string> {
  if (!request.store.bucket(bucket).versioning) return {};
  return { 'x-amz-version-id': record.versionId ?? 'null' };
}

/** The `versionId` query parameter, checked; undefined when absent. */
function requestedVersion(request: S3Request): string | undefined {
  const value = request.address.query.get('versionId');
  return value === null ? undefined : checkVersionId(value);
}

function checksumHeaders(record: ObjectRecord): Record<string, string> {
  if (!record.checksum) return {};
  return { [`x-amz-checksum-${record.checksum.algorithm.toLowerCase()}`]: record.checksum.value, 'x-amz-checksum-type': record.checksum.type };
}

export async function putObject(request: S3Request): Promise<S3Reply> {
  const bucket = requireBucket(request);
  const key = requireKey(request);
  request.store.bucket(bucket);
  if (header(request, 'content-length') === undefined && header(request, 'transfer-encoding') === undefined) throw new S3Error('MissingContentLength');
  evaluateWriteConditions(request, current(request, bucket, key));
  const record = await request.store.putObject(bucket, key, bodyStream(request), objectHeadersFrom(request), writeChecksFrom(request, request.limits.maxPutBytes));
  const output: Omit<PutObjectCommandOutput, '$metadata'> = { ETag: record.etag, Size: record.size };
  return { status: 200, headers: { etag: output.ETag, ...checksumHeaders(record), ...versionHeader(request, bucket, record) } };
}

function objectHeaders(record: ObjectRecord, withChecksum: boolean): Record<string, string | number | undefined> {
  const headers: Record<string, string | number | undefined> = {
    etag: record.etag,
    'last-modified': new Date(record.lastModified).toUTCString(),
    'content-type': record.contentType,
    'content-encoding': record.contentEncoding,
    'content-disposition': record.contentDisposition,
    'content-language': record.contentLanguage,
    'cache-control': record.cacheControl,
    expires: record.expires,
    'accept-ranges': 'bytes',
    'x-amz-mp-parts-count': record.partsCount,
    'x-amz-version-id': record.versionId,
  };
  for (const [name, value] of Object.entries(record.metadata)) headers[`x-amz-meta-${name}`] = value;
  return withChecksum ? { ...headers, ...checksumHeaders(record) } : headers;
}

/** GetObject and HeadObject: conditions, then one range, then the bytes (HEAD: none). */
export function getObject(request: S3Request, head: boolean): S3Reply {
  const bucket = requireBucket(request);
  const key = requireKey(request);
  const versionId = requestedVersion(request);
  const record = versionId === undefined ? request.store.object(bucket, key) : request.store.objectVersion(bucket, key, versionId);
  const notModified = evaluateReadConditions(request, record);
  const withChecksum = header(request, 'x-amz-checksum-mode')?.toUpperCase() === 'ENABLED';
  if (notModified) return { status: 304, headers: { etag: record.etag, 'last-modified': new Date(record.lastModified).toUTCString() } };
  const range = resolveRange(header(request, 'range'), record.size);
  const version = versionHeader(request, bucket, record);
  const overrides: Record<string, string | undefined> = {};
  for (const [param, name] of Object.entries(RESPONSE_OVERRIDES)) if (request.address.query.has(param)) overrides[name] = request.address.query.get(param)!;
  if (range) {
    return {
      status: 206,
      headers: { ...objectHeaders(record, false), ...version, ...overrides, 'content-length': range.end - range.start + 1, 'content-range': `bytes ${range.start}-${range.end}/${record.size}` },
      body: head ? undefined : request.store.read(record, range),
    };
  }
  return { status: 200, headers: { ...objectHeaders(record, withChecksum), ...version, ...overrides, 'content-length': record.size }, body: head || record.size === 0 ? undefined : request.store.read(record) };
}

/** The `response-*` query parameters of a (presigned) GET override the stored headers. */
const RESPONSE_OVERRIDES: Record<string, string> = {
  'response-content-type': 'content-type',
  'response-content-disposition': 'content-disposition',
  'response-content-encoding': 'content-encoding',
  'response-content-language': 'content-language',
  'response-cache-control': 'cache-control',
  'response-expires': 'expires',
};

/** DeleteObject: `x-amz-version-id` names the version removed or the delete marker made; `x-amz-delete-marker: true` when it was one. */
export async function deleteObject(request: S3Request): Promise<S3Reply> {
  const outcome = await request.store.deleteObject(requireBucket(request), requireKey(request), requestedVersion(request));
  return { status: 204, headers: { 'x-amz-version-id': outcome.versionId, 'x-amz-delete-marker': outcome.deleteMarker ? 'true' : undefined } };
}

/** `x-amz-copy-source`: `[/]bucket/key[?versionId=…]`, URL-encoded. */
export function parseCopySource(value: string): { bucket: string; key: string; versionId?: string } {
  const [withoutVersion, query] = value.split('?');
  const versionId = query === undefined ? undefined : new URLSearchParams(query).get('versionId');
  let decoded: string;
  try {
    decoded = decodeURIComponent(withoutVersion).replace(/^\//, '');
  } catch {
    throw new S3Error('InvalidArgument', 'Invalid copy source encoding', { ArgumentName: 'x-amz-copy-source', ArgumentValue: value });
  }
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) throw new S3Error('InvalidArgument', 'Copy Source must mention the source bucket and key: sourcebucket/sourcekey', { ArgumentName: 'x-amz-copy-source', ArgumentValue: value });
  return { bucket: decoded.slice(0, slash), key: decoded.slice(slash + 1), versionId: versionId === null || versionId === undefined ? undefined : checkVersionId(versionId) };
}

export async function copyObject(request: S3Request): Promise<S3Reply> {
  const bucket = requireBucket(request);
  const key = requireKey(request);
  const from = parseCopySource(header(request, 'x-amz-copy-source')!);
  const source = from.versionId === undefined ? request.store.object(from.bucket, from.key) : request.store.objectVersion(from.bucket, from.key, from.versionId);
  evaluateReadConditions(request, source, 'x-amz-copy-source-');
  const directive = (header(request, 'x-amz-metadata-directive') ?? 'COPY').toUpperCase();
  if (directive !== 'COPY' && directive !== 'REPLACE') throw new S3Error('InvalidArgument', 'Unknown metadata directive.', { ArgumentName: 'x-amz-metadata-directive', ArgumentValue: directive });
  if (from.bucket === bucket && from.key === key && directive === 'COPY' && from.versionId === undefined) {
    throw new S3Error('InvalidRequest', "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.");
  }
  const { blob: _blob, key: _key, size: _size, etag: _etag, lastModified: _lm, checksum: _c, partsCount: _p, sequence: _s, versionId: _v, ...sourceHeaders } = source;
  const headers = directive === 'REPLACE' ? objectHeadersFrom(request) : sourceHeaders;
  const record = await request.store.copyObject(source, bucket, key, headers, request.limits.maxPutBytes);
  const output: Omit<CopyObjectCommandOutput, '$metadata'> = { CopyObjectResult: { ETag: record.etag, LastModified: new Date(record.lastModified) } };
  const checksum = record.checksum ? { [`Checksum${record.checksum.algorithm}`]: record.checksum.value, ChecksumType: record.checksum.type } : {};
  const sourceVersion = request.store.bucket(from.bucket).versioning ? { 'x-amz-copy-source-version-id': source.versionId ?? 'null' } : {};
  return { status: 200, headers: { ...versionHeader(request, bucket, record), ...sourceVersion }, body: xmlDocument('CopyObjectResult', { ...output.CopyObjectResult, ...checksum }) };
}
