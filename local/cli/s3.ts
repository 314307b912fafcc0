/**
 * `genai-kit s3 ls [bucket[/prefix]]`: the buckets of a running stack's S3 (found in
 * `.local/endpoints.json`) with their object counts and sizes, or one bucket's objects.
 */
import { parseArgs } from 'node:util';
import { ListBucketsCommand, ListObjectsV2Command, S3Client, type _Object } from '@aws-sdk/client-s3';
import { readEndpointsFile } from '../stack/endpointsFile.js';
import { localClientConfig } from '../stack/localClientConfig.js';

const HELP = `Usage:
  genai-kit s3 ls                      buckets with their object count and total size
  genai-kit s3 ls <bucket>[/<prefix>]  the objects of a bucket (under a prefix): size, last modified, key
Options: --endpoints <file> (default .local/endpoints.json), --json
`;

async function allObjects(client: S3Client, bucket: string, prefix?: string): Promise<_Object[]> {
  const objects: _Object[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
    objects.push(...(page.Contents ?? []));
    token = page.NextContinuationToken;
  } while (token);
  return objects;
}

/** `1.2 MB`, as `aws s3 ls --human-readable` prints sizes. */
export function humanSize(bytes: number): string {
  const units = ['Bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} Bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { endpoints: { type: 'string', default: '.local/endpoints.json' }, json: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } },
  });
  const [subcommand, target] = positionals;
  if (values.help || subcommand !== 'ls') {
    process.stdout.write(HELP);
    return values.help ? 0 : 2;
  }
  const endpoints = await readEndpointsFile(values.endpoints);
  if (!endpoints.s3) throw new Error(`${values.endpoints} names no S3: the template has no AWS::S3::Bucket`);
  const client = new S3Client({ ...localClientConfig(endpoints.s3), forcePathStyle: true });
  try {
    if (!target) {
      const buckets = (await client.send(new ListBucketsCommand({}))).Buckets ?? [];
      const rows = [];
      for (const bucket of buckets) {
        const objects = await allObjects(client, bucket.Name!);
        rows.push({ bucket: bucket.Name!, created: bucket.CreationDate?.toISOString() ?? '', objects: objects.length, bytes: objects.reduce((sum, o) => sum + (o.Size ?? 0), 0) });
      }
      if (values.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      else if (!rows.length) process.stdout.write('No buckets.\n');
      else for (const row of rows) process.stdout.write(`${row.created.slice(0, 19).replace('T', ' ')}  ${row.bucket}  (${row.objects} objects, ${humanSize(row.bytes)})\n`);
      return 0;
    }
    const slash = target.replace(/^s3:\/\//, '').indexOf('/');
    const plain = target.replace(/^s3:\/\//, '');
    const [bucket, prefix] = slash < 0 ? [plain, undefined] : [plain.slice(0, slash), plain.slice(slash + 1) || undefined];
    const objects = await allObjects(client, bucket, prefix);
    if (values.json) process.stdout.write(`${JSON.stringify(objects.map((o) => ({ key: o.Key, size: o.Size, lastModified: o.LastModified?.toISOString(), etag: o.ETag })), null, 2)}\n`);
    else if (!objects.length) process.stdout.write(`No objects in ${bucket}${prefix ? `/${prefix}` : ''}.\n`);
    else for (const o of objects) process.stdout.write(`${o.LastModified?.toISOString().slice(0, 19).replace('T', ' ')}  ${String(o.Size).padStart(12)}  ${o.Key}\n`);
    return 0;
  } finally {
    client.destroy();
  }
}
