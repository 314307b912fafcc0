import { versionHeader } from './objects.js';
import type { CompleteMultipartUploadCommandOutput, CreateMultipartUploadCommandOutput } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';
import { CHECKSUM_ALGORITHMS, type ChecksumAlgorithm } from '../store/checksums.js';
import type { UploadRecord } from '../store/records.js';
import { bodyBuffer, bodyStream, header, objectHeadersFrom, requireBucket, requireKey, type S3Reply, type S3Request } from '../server/S3Request.js';
import { many, parseRequestXml, text, xmlDocument } from '../xml.js';
import { LOCAL_OWNER } from './buckets.js';
import { writeChecksFrom } from './objectChecks.js';

function uploadOf(request: S3Request): UploadRecord {
  return request.store.upload(requireBucket(request), requireKey(request), request.address.query.get('uploadId') ?? '');
}

export async function createMultipartUpload(request: S3Request): Promise<S3Reply> {
  const bucket = requireBucket(request);
  const key = requireKey(request);
  const algorithmHeader = header(request, 'x-amz-checksum-algorithm')?.toUpperCase();
  if (algorithmHeader && !CHECKSUM_ALGORITHMS.includes(algorithmHeader as ChecksumAlgorithm)) throw new S3Error('InvalidRequest', 'Checksum algorithm provided is unsupported.');
  const typeHeader = header(request, 'x-amz-checksum-type')?.toUpperCase();
  if (typeHeader && typeHeader !== 'COMPOSITE' && typeHeader !== 'FULL_OBJECT') throw new S3Error('InvalidRequest', 'Value for x-amz-checksum-type header is invalid.');
  const upload = await request.store.createUpload(bucket, key, objectHeadersFrom(request), algorithmHeader as ChecksumAlgorithm | undefined, typeHeader as 'COMPOSITE' | 'FULL_OBJECT' | undefined);
  const output: Omit<CreateMultipartUploadCommandOutput, '$metadata'> = { Bucket: bucket, Key: key, UploadId: upload.uploadId };
  const headers = upload.checksumAlgorithm ? { 'x-amz-checksum-algorithm': upload.checksumAlgorithm, 'x-amz-checksum-type': upload.checksumType } : {};
  return { status: 200, headers, body: xmlDocument('InitiateMultipartUploadResult', { Bucket: output.Bucket, Key: output.Key, UploadId: output.UploadId }) };
}

export async function uploadPart(request: S3Request): Promise<S3Reply> {
  const raw = request.address.query.get('partNumber') ?? '';
  const partNumber = Number(raw);
  if (!/^\d+$/.test(raw) || partNumber < 1 || partNumber > 10_000) {
    throw new S3Error('InvalidArgument', 'Part number must be an integer between 1 and 10000, inclusive', { ArgumentName: 'partNumber', ArgumentValue: raw });
  }
  const upload = uploadOf(request);
  if (header(request, 'x-amz-copy-source')) throw new S3Error('NotImplemented', 'UploadPartCopy is not implemented by the local S3.', { Header: 'x-amz-copy-source' });
  const part = await request.store.putPart(upload, partNumber, bodyStream(request), writeChecksFrom(request, request.limits.maxPartBytes));
  const checksum = part.checksum && upload.checksumAlgorithm ? { [`x-amz-checksum-${upload.checksumAlgorithm.toLowerCase()}`]: part.checksum } : {};
  return { status: 200, headers: { etag: part.etag, ...checksum } };
}

export async function completeMultipartUpload(request: S3Request): Promise<S3Reply> {
  const upload = uploadOf(request);
  const document = parseRequestXml(await bodyBuffer(request), 'CompleteMultipartUpload');
  const parts = many(document.Part).map((part) => {
    const partNumber = Number(text(part.PartNumber));
    const etag = text(part.ETag);
    if (!Number.isInteger(partNumber) || !etag) throw new S3Error('MalformedXML');
    return { partNumber, etag };
  });
  const record = await request.store.completeUpload(upload, parts, { minPartSize: request.limits.minPartBytes, maxBytes: request.limits.maxObjectBytes });
  const output: Omit<CompleteMultipartUploadCommandOutput, '$metadata'> = {
    Location: `/${upload.bucket}/${upload.key}`,
    Bucket: upload.bucket,
    Key: upload.key,
    ETag: record.etag,
  };
  const checksum = record.checksum ? { [`Checksum${record.checksum.algorithm}`]: record.checksum.value, ChecksumType: record.checksum.type } : {};
  return { status: 200, headers: versionHeader(request, upload.bucket, record), body: xmlDocument('CompleteMultipartUploadResult', { ...output, ...checksum }) };
}

export async function abortMultipartUpload(request: S3Request): Promise<S3Reply> {
  await request.store.abortUpload(uploadOf(request));
  return { status: 204 };
}

export function listParts(request: S3Request): S3Reply {
  const upload = uploadOf(request);
  const q = request.address.query;
  const marker = Number(q.get('part-number-marker') ?? 0) || 0;
  const maxParts = Math.min(Number(q.get('max-parts') ?? 1000) || 1000, 1000);
  const all = Object.values(upload.parts)
    .filter((p) => p.partNumber > marker)
    .sort((a, b) => a.partNumber - b.partNumber);
  const parts = all.slice(0, maxParts);
  const truncated = all.length > parts.length;
  const algorithm = upload.checksumAlgorithm;
  return {
    status: 200,
    body: xmlDocument('ListPartsResult', {
      Bucket: upload.bucket,
      Key: upload.key,
      UploadId: upload.uploadId,
      PartNumberMarker: marker,
      NextPartNumberMarker: parts.at(-1)?.partNumber ?? marker,
      MaxParts: maxParts,
      IsTruncated: truncated,
      Part: parts.map((p) => ({ PartNumber: p.partNumber, LastModified: p.lastModified, ETag: p.etag, Size: p.size, ...(algorithm && p.checksum ? { [`Checksum${algorithm}`]: p.checksum } : {}) })),
      Initiator: LOCAL_OWNER,
      Owner: LOCAL_OWNER,
      StorageClass: 'STANDARD',
      ChecksumAlgorithm: algorithm,
      ChecksumType: upload.checksumType,
    }),
  };
}

export function listMultipartUploads(request: S3Request): S3Reply {
  const bucket = requireBucket(request);
  request.store.bucket(bucket);
  const prefix = request.address.query.get('prefix') ?? '';
  const uploads = request.store.listUploads(bucket).filter((u) => u.key.startsWith(prefix));
  return {
    status: 200,
    body: xmlDocument('ListMultipartUploadsResult', {
      Bucket: bucket,
      KeyMarker: '',
      UploadIdMarker: '',
      Prefix: prefix,
      MaxUploads: 1000,
      IsTruncated: false,
      Upload: uploads.map((u) => ({ Key: u.key, UploadId: u.uploadId, Initiator: LOCAL_OWNER, Owner: LOCAL_OWNER, StorageClass: 'STANDARD', Initiated: u.initiated })),
    }),
  };
}
