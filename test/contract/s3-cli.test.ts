/**
 * The local S3 with independent clients: the AWS CLI (`aws s3 cp` of a 20 MB file, which the CLI
 * splits into a multipart upload; `aws s3 sync`; `aws s3 presign`), curl on a presigned URL, and boto3.
 */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type RunningS3 } from '../../local/s3/index.js';

const run = promisify(execFile);
const env = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'us-east-1', AWS_PAGER: '' };

let s3: RunningS3;
let work: string;

beforeAll(async () => {
  s3 = await startS3Server({ port: 0 });
  work = await mkdtemp(path.join(tmpdir(), 's3-cli-'));
});

afterAll(async () => {
  await s3?.close();
  await rm(work, { recursive: true, force: true });
});

async function aws(...args: string[]): Promise<string> {
  const { stdout } = await run('aws', ['--endpoint-url', s3.url, ...args], { env, maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

describe('local S3 with the AWS CLI', () => {
  it('copies a 20 MB file up as a multipart upload and back byte for byte', async () => {
    // Prepare
    await aws('s3', 'mb', 's3://cli-bucket');
    const file = path.join(work, 'big.bin');
    const bytes = randomBytes(20 * 1024 * 1024);
    await writeFile(file, bytes);

    // Act
    await aws('s3', 'cp', file, 's3://cli-bucket/big/big.bin');
    const head = JSON.parse(await aws('s3api', 'head-object', '--bucket', 'cli-bucket', '--key', 'big/big.bin')) as { ETag: string; ContentLength: number };
    await aws('s3', 'cp', 's3://cli-bucket/big/big.bin', path.join(work, 'back.bin'));
    const back = await readFile(path.join(work, 'back.bin'));

    // Assess
    expect(head.ContentLength).toBe(bytes.length);
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}-\d+"$/);
    expect(createHash('md5').update(back).digest('hex')).toBe(createHash('md5').update(bytes).digest('hex'));
  });

  it('syncs a folder up, lists it, and syncs only what changed', async () => {
    // Prepare
    await aws('s3', 'mb', 's3://sync-bucket');
    const folder = path.join(work, 'site');
    await mkdir(path.join(folder, 'docs'), { recursive: true });
    await writeFile(path.join(folder, 'index.md'), '# hello');
    await writeFile(path.join(folder, 'docs', 'a b.txt'), 'spaces in keys');

    // Act
    const first = await aws('s3', 'sync', folder, 's3://sync-bucket/site');
    const second = await aws('s3', 'sync', folder, 's3://sync-bucket/site');
    const listing = await aws('s3', 'ls', '--recursive', 's3://sync-bucket');

    // Assess
    expect(first.match(/upload:/g)).toHaveLength(2);
    expect(second.trim()).toBe('');
    expect(listing).toContain('site/docs/a b.txt');
    expect(listing).toContain('site/index.md');
  });

  it('uploads with curl through a presigned URL and reads it back through aws s3 presign', async () => {
    // Prepare
    await aws('s3', 'mb', 's3://curl-bucket');
    const { stdout: url } = await run('node', ['--import', 'tsx', '-e', presignScript(s3.url, 'curl-bucket', 'by-curl.txt')], { env, cwd: process.cwd() });
    const file = path.join(work, 'curl.txt');
    await writeFile(file, 'sent by curl');

    // Act
    const { stdout: status } = await run('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', '-X', 'PUT', '-H', 'content-type: text/plain', '--upload-file', file, url.trim()]);
    const getUrl = (await aws('s3', 'presign', 's3://curl-bucket/by-curl.txt', '--expires-in', '60')).trim();
    const { stdout: body } = await run('curl', ['-s', getUrl]);

    // Assess
    expect(status).toBe('200');
    expect(body).toBe('sent by curl');
  });
});

describe('local S3 with boto3', () => {
  it('puts, gets, lists, uploads a multipart file and presigns', async () => {
    // Act
    const { stdout } = await run('python3', ['-c', BOTO3_SCRIPT, s3.url], { env });
    const result = JSON.parse(stdout) as Record<string, unknown>;

    // Assess
    expect(result).toEqual({ body: 'from boto3', keys: ['a.txt', 'multi.bin'], etagParts: '2', size: 12 * 1024 * 1024, presigned: 'from boto3', missing: 'NoSuchKey' });
  });
});

function presignScript(endpoint: string, bucket: string, key: string): string {
  return `
    const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    const client = new S3Client({ endpoint: '${endpoint}', region: 'us-east-1', forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
    process.stdout.write(await getSignedUrl(client, new PutObjectCommand({ Bucket: '${bucket}', Key: '${key}', ContentType: 'text/plain' }), { expiresIn: 60 }));
  `;
}

const BOTO3_SCRIPT = `
import boto3, json, sys, urllib.request
from boto3.s3.transfer import TransferConfig
s3 = boto3.client('s3', endpoint_url=sys.argv[1], region_name='us-east-1')
s3.create_bucket(Bucket='boto-bucket')
s3.put_object(Bucket='boto-bucket', Key='a.txt', Body=b'from boto3')
body = s3.get_object(Bucket='boto-bucket', Key='a.txt')['Body'].read().decode()
import io
s3.upload_fileobj(io.BytesIO(b'x' * (12 * 1024 * 1024)), 'boto-bucket', 'multi.bin', Config=TransferConfig(multipart_threshold=8 * 1024 * 1024, multipart_chunksize=8 * 1024 * 1024))
head = s3.head_object(Bucket='boto-bucket', Key='multi.bin')
keys = [o['Key'] for o in s3.list_objects_v2(Bucket='boto-bucket')['Contents']]
url = s3.generate_presigned_url('get_object', Params={'Bucket': 'boto-bucket', 'Key': 'a.txt'}, ExpiresIn=60)
presigned = urllib.request.urlopen(url).read().decode()
try:
    s3.get_object(Bucket='boto-bucket', Key='nope')
    missing = None
except s3.exceptions.NoSuchKey as e:
    missing = e.response['Error']['Code']
print(json.dumps({'body': body, 'keys': keys, 'etagParts': head['ETag'].strip('"').split('-')[1], 'size': head['ContentLength'], 'presigned': presigned, 'missing': missing}))
`;
