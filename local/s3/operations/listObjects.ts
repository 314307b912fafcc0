import type { ListObjectsV2CommandOutput } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';
import type { ObjectRecord } from '../store/records.js';
import { uriEncode } from '../server/presignedUrl.js';
import { requireBucket, type S3Reply, type S3Request } from '../server/S3Request.js';
import { xmlDocument, type XmlChildren } from '../xml.js';
import { LOCAL_OWNER } from './buckets.js';

interface Page {
  contents: ObjectRecord[];
  commonPrefixes: string[];
  truncated: boolean;
  /** The last key or common prefix returned (where the next page starts). */
  last?: string;
}

/** Walks keys in order after `after`, folding keys past the delimiter into common prefixes, up to `maxKeys` entries. */
function listPage(records: ObjectRecord[], prefix: string, delimiter: string, after: string, maxKeys: number): Page {
  const page: Page = { contents: [], commonPrefixes: [], truncated: false };
  const afterBytes = Buffer.from(after);
  for (const record of records) {
    if (!record.key.startsWith(prefix) || Buffer.compare(Buffer.from(record.key), afterBytes) <= 0) continue;
    // A common prefix already returned on an earlier page covers its keys.
    if (after.endsWith(delimiter) && delimiter && record.key.startsWith(after)) continue;
    const rest = record.key.slice(prefix.length);
    const cut = delimiter ? rest.indexOf(delimiter) : -1;
    const commonPrefix = cut >= 0 ? prefix + rest.slice(0, cut + delimiter.length) : undefined;
    if (commonPrefix && page.commonPrefixes.at(-1) === commonPrefix) continue;
    if (page.contents.length + page.commonPrefixes.length >= maxKeys) {
      page.truncated = true;
      break;
    }
    if (commonPrefix) page.commonPrefixes.push(commonPrefix);
    else page.contents.push(record);
    page.last = commonPrefix ?? record.key;
  }
  return page;
}

function parseMaxKeys(value: string | null): number {
  if (value === null) return 1000;
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n)) throw new S3Error('InvalidArgument', 'Provided max-keys not an integer or within integer range', { ArgumentName: 'max-keys', ArgumentValue: value });
  return Math.min(n, 1000);
}

function contentsXml(records: ObjectRecord[], encode: (s: string) => string): XmlChildren[] {
  return records.map((r) => ({
    Key: encode(r.key),
    LastModified: r.lastModified,
    ETag: r.etag,
    ChecksumAlgorithm: r.checksum?.algorithm,
    ChecksumType: r.checksum?.type,
    Size: r.size,
    StorageClass: 'STANDARD',
  }));
}

/** ListObjectsV2 (`list-type=2`) and the original ListObjects (markers). */
export function listObjects(request: S3Request): S3Reply {
  const bucket = requireBucket(request);
  const q = request.address.query;
  const records = request.store.listObjects(bucket);
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = parseMaxKeys(q.get('max-keys'));
  const encodingType = q.get('encoding-type');
  if (encodingType !== null && encodingType !== 'url') throw new S3Error('InvalidArgument', 'Invalid Encoding Method specified in Request', { ArgumentName: 'encoding-type', ArgumentValue: encodingType });
  const encode = encodingType === 'url' ? (s: string) => uriEncode(s).replace(/%2F/g, '/') : (s: string) => s;

  if (q.get('list-type') === '2') {
    const token = q.get('continuation-token');
    let after = q.get('start-after') ?? '';
    if (token !== null) {
      after = Buffer.from(token, 'base64url').toString('utf8');
      if (!token || Buffer.from(after).toString('base64url') !== token) throw new S3Error('InvalidArgument', 'The continuation token provided is incorrect', { ArgumentName: 'continuation-token' });
    }
    const page = listPage(records, prefix, delimiter, after, maxKeys);
    const output: Omit<ListObjectsV2CommandOutput, '$metadata'> = {
      Name: bucket,
      Prefix: prefix,
      KeyCount: page.contents.length + page.commonPrefixes.length,
      MaxKeys: maxKeys,
      IsTruncated: page.truncated,
      NextContinuationToken: page.truncated && page.last ? Buffer.from(page.last).toString('base64url') : undefined,
    };
    return {
      status: 200,
      body: xmlDocument('ListBucketResult', {
        Name: output.Name,
        Prefix: encode(prefix),
        Delimiter: delimiter ? encode(delimiter) : undefined,
        MaxKeys: output.MaxKeys,
        EncodingType: encodingType ?? undefined,
        KeyCount: output.KeyCount,
        IsTruncated: output.IsTruncated,
        ContinuationToken: token ?? undefined,
        NextContinuationToken: output.NextContinuationToken,
        StartAfter: q.has('start-after') ? encode(q.get('start-after')!) : undefined,
        Contents: contentsXml(page.contents, encode),
        CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
      }),
    };
  }

  const marker = q.get('marker') ?? '';
  const page = listPage(records, prefix, delimiter, marker, maxKeys);
  return {
    status: 200,
    body: xmlDocument('ListBucketResult', {
      Name: bucket,
      Prefix: encode(prefix),
      Marker: encode(marker),
      NextMarker: page.truncated && delimiter && page.last ? encode(page.last) : undefined,
      MaxKeys: maxKeys,
      Delimiter: delimiter ? encode(delimiter) : undefined,
      EncodingType: encodingType ?? undefined,
      IsTruncated: page.truncated,
      Contents: contentsXml(page.contents, encode).map((c) => ({ ...c, Owner: LOCAL_OWNER })),
      CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: encode(p) })),
    }),
  };
}
