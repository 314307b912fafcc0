import type { ListObjectVersionsCommandOutput } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';
import { isDeleteMarker, type VersionRecord } from '../store/records.js';
import { uriEncode } from '../server/presignedUrl.js';
import { requireBucket, type S3Reply, type S3Request } from '../server/S3Request.js';
import { xmlDocument } from '../xml.js';
import { LOCAL_OWNER } from './buckets.js';

type Entry = { record: VersionRecord; isLatest: boolean };

/**
 * Where a page starts: after `key-marker`'s versions, or, with `version-id-marker`, after that
 * version of `key-marker` (ListObjectVersions API reference, read 2026-12-07).
 */
function afterMarkers(entries: Entry[], keyMarker: string, versionIdMarker: string | null): Entry[] {
  if (!keyMarker) return entries;
  const markerBytes = Buffer.from(keyMarker);
  const after = entries.filter((e) => Buffer.compare(Buffer.from(e.record.key), markerBytes) > 0);
  if (versionIdMarker === null) return after;
  const ofKey = entries.filter((e) => e.record.key === keyMarker);
  const at = ofKey.findIndex((e) => (e.record.versionId ?? 'null') === versionIdMarker);
  if (at < 0) throw new S3Error('InvalidArgument', 'Invalid version id specified', { ArgumentName: 'version-id-marker', ArgumentValue: versionIdMarker });
  return [...ofKey.slice(at + 1), ...after];
}

/** ListObjectVersions (`GET /?versions`): every version and delete marker, with prefix, delimiter and key/version-id markers. */
export function listObjectVersions(request: S3Request): S3Reply {
  const bucket = requireBucket(request);
  const q = request.address.query;
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const keyMarker = q.get('key-marker') ?? '';
  const versionIdMarker = q.get('version-id-marker');
  if (versionIdMarker !== null && !keyMarker) throw new S3Error('InvalidArgument', 'A version-id marker cannot be specified without a key marker.', { ArgumentName: 'version-id-marker', ArgumentValue: versionIdMarker });
  const rawMax = q.get('max-keys');
  if (rawMax !== null && !/^\d+$/.test(rawMax)) throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: rawMax });
  const maxKeys = rawMax === null ? 1000 : Math.min(Number(rawMax), 1000);
  const encodingType = q.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: encodingType });
  const encode = encodingType === 'url' ? (s: string) => uriEncode(s).replace(/%2F/g, '/') : (s: string) => s;

  const candidates = afterMarkers(request.store.listVersions(bucket), keyMarker, versionIdMarker).filter((e) => e.record.key.startsWith(prefix));
  const page: Entry[] = [];
  const commonPrefixes: string[] = [];
  let truncated = false;
  let last: { key: string; versionId?: string } | undefined;
  for (const entry of candidates) {
    const rest = entry.record.key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    const commonPrefix = cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : undefined;
    if (commonPrefix && commonPrefixes.at(-1) === commonPrefix) continue;
    // A common prefix returned on an earlier page (the key marker) covers its keys.
    if (commonPrefix && keyMarker === commonPrefix) continue;
    if (page.length + commonPrefixes.length >= maxKeys) {
      truncated = true;
      break;
    }
    if (commonPrefix) {
      commonPrefixes.push(commonPrefix);
      last = { key: commonPrefix };
    } else {
      page.push(entry);
      last = { key: entry.record.key, versionId: entry.record.versionId ?? 'null' };
    }
  }
  const output: Omit<ListObjectVersionsCommandOutput, '$metadata'> = {
    Name: bucket,
    IsTruncated: truncated,
    NextKeyMarker: truncated ? last?.key : undefined,
    NextVersionIdMarker: truncated ? last?.versionId : undefined,
  };
  return {
    status: 200,
    body: xmlDocument('ListVersionsResult', {
      Name: output.Name,
      Prefix: encode(prefix),
      KeyMarker: encode(keyMarker),
      VersionIdMarker: versionIdMarker ?? '',
      NextKeyMarker: output.NextKeyMarker === undefined ? undefined : encode(output.NextKeyMarker),
      NextVersionIdMarker: output.NextVersionIdMarker,
      MaxKeys: maxKeys,
      Delimiter: delimiter ? encode(delimiter) : undefined,
      EncodingType: encodingType ?? undefined,
      IsTruncated: output.IsTruncated,
      Version: page
        .filter((e) => !isDeleteMarker(e.record))
        .map(({ record, isLatest }) => {
          if (isDeleteMarker(record)) throw new Error('unreachable');
          return {
            Key: encode(record.key),
            VersionId: record.versionId ?? 'null',
            IsLatest: isLatest,
            LastModified: record.lastModified,
            ETag: record.etag,
            ChecksumAlgorithm: record.checksum?.algorithm,
            ChecksumType: record.checksum?.type,
            Size: record.size,
            StorageClass: 'STANDARD',
            Owner: LOCAL_OWNER,
          };
        }),
      DeleteMarker: page
        .filter((e) => isDeleteMarker(e.record))
        .map(({ record, isLatest }) => ({ Owner: LOCAL_OWNER, Key: encode(record.key), VersionId: record.versionId ?? 'null', IsLatest: isLatest, LastModified: record.lastModified })),
      CommonPrefixes: commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    }),
  };
}
