import { S3Error } from '../errors.js';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../store/checksums.js';
import type { ObjectRecord } from '../store/records.js';
import type { WriteChecks } from '../store/S3Store.js';
import { header, type S3Request } from '../server/S3Request.js';

/**
 * The checks a body is written against: the checksum algorithm named by an `x-amz-checksum-*` header,
 * the `x-amz-trailer` or `x-amz-sdk-checksum-algorithm`, the value sent (header or trailer) and `Content-MD5`.
 */
export function writeChecksFrom(request: S3Request, maxBytes: number): WriteChecks {
  let algorithm: ChecksumAlgorithm | undefined;
  let fromHeader: string | undefined;
  for (const candidate of CHECKSUM_ALGORITHMS) {
    const value = header(request, `x-amz-checksum-${candidate.toLowerCase()}`);
    if (value) [algorithm, fromHeader] = [candidate, value];
  }
  const trailer = header(request, 'x-amz-trailer')?.trim().toLowerCase();
  if (!algorithm && trailer?.startsWith('x-amz-checksum-')) algorithm = parseAlgorithm(trailer.slice('x-amz-checksum-'.length));
  algorithm ??= parseAlgorithm(header(request, 'x-amz-sdk-checksum-algorithm'));
  const md5 = header(request, 'content-md5');
  let expectedMd5: Buffer | undefined;
  if (md5 !== undefined) {
    expectedMd5 = Buffer.from(md5, 'base64');
    if (expectedMd5.length !== 16) throw new S3Error('InvalidDigest');
  }
  const declared = header(request, 'x-amz-decoded-content-length') ?? header(request, 'content-length');
  if (declared !== undefined && Number(declared) > maxBytes) {
    throw new S3Error('EntityTooLarge', undefined, { ProposedSize: declared, MaxSizeAllowed: String(maxBytes) });
  }
  return {
    checksumAlgorithm: algorithm,
    expectedChecksum: () => fromHeader ?? (trailer ? request.trailers.get(trailer) : undefined),
    expectedMd5,
    maxBytes,
  };
}

function parseAlgorithm(value: string | undefined): ChecksumAlgorithm | undefined {
  if (!value) return undefined;
  const upper = value.toUpperCase() as ChecksumAlgorithm;
  if (!CHECKSUM_ALGORITHMS.includes(upper)) throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-algorithm header is invalid.');
  return upper;
}

const quoted = (etag: string) => etag.trim().replace(/^W\//, '');

function etagMatches(list: string, record: ObjectRecord): boolean {
  return list.split(',').some((item) => item.trim() === '*' || quoted(item) === record.etag || `"${quoted(item)}"` === record.etag);
}

/**
 * GET/HEAD conditions in RFC 7232's order, as S3 applies them: If-Match, else If-Unmodified-Since (412);
 * If-None-Match, else If-Modified-Since (304). Returns 304 when not modified.
 */
export function evaluateReadConditions(request: S3Request, record: ObjectRecord, prefix = ''): 304 | undefined {
  const ifMatch = header(request, `${prefix}if-match`);
  const ifUnmodifiedSince = header(request, `${prefix}if-unmodified-since`);
  const ifNoneMatch = header(request, `${prefix}if-none-match`);
  const ifModifiedSince = header(request, `${prefix}if-modified-since`);
  const modified = Math.floor(Date.parse(record.lastModified) / 1000);
  if (ifMatch !== undefined) {
    if (!etagMatches(ifMatch, record)) throw new S3Error('PreconditionFailed', undefined, { Condition: prefix ? 'x-amz-copy-source-If-Match' : 'If-Match' });
  } else if (ifUnmodifiedSince !== undefined && modified > Math.floor(Date.parse(ifUnmodifiedSince) / 1000)) {
    throw new S3Error('PreconditionFailed', undefined, { Condition: prefix ? 'x-amz-copy-source-If-Unmodified-Since' : 'If-Unmodified-Since' });
  }
  if (ifNoneMatch !== undefined) {
    if (etagMatches(ifNoneMatch, record)) {
      if (prefix) throw new S3Error('PreconditionFailed', undefined, { Condition: 'x-amz-copy-source-If-None-Match' });
      return 304;
    }
  } else if (ifModifiedSince !== undefined && modified <= Math.floor(Date.parse(ifModifiedSince) / 1000)) {
    if (prefix) throw new S3Error('PreconditionFailed', undefined, { Condition: 'x-amz-copy-source-If-Modified-Since' });
    return 304;
  }
  return undefined;
}

/** Conditional writes: `If-None-Match: *` (no object may exist) and `If-Match` (the current ETag). */
export function evaluateWriteConditions(request: S3Request, current: ObjectRecord | undefined): void {
  const ifNoneMatch = header(request, 'if-none-match');
  const ifMatch = header(request, 'if-match');
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() !== '*') throw new S3Error('NotImplemented', 'A header you provided implies functionality that is not implemented', { Header: 'If-None-Match' });
    if (current) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-None-Match' });
  }
  if (ifMatch !== undefined) {
    if (!current) throw new S3Error('NoSuchKey', undefined, { Key: request.address.key ?? '' });
    if (!etagMatches(ifMatch, current)) throw new S3Error('PreconditionFailed', undefined, { Condition: 'If-Match' });
  }
}

/** A `Range: bytes=…` header resolved against the object's size; undefined for none (or one S3 ignores). */
export function resolveRange(value: string | undefined, size: number): { start: number; end: number } | undefined {
  const match = value ? /^bytes=(\d*)-(\d*)$/.exec(value.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) throw invalidRange(value!, size);
    start = Math.max(0, size - suffix);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
    if (match[2] !== '' && Number(match[2]) < start) return undefined;
  }
  if (start >= size) throw invalidRange(value!, size);
  return { start, end };
}

function invalidRange(requested: string, size: number): S3Error {
  return new S3Error('InvalidRange', undefined, { RangeRequested: requested, ActualObjectSize: String(size) });
}
