/** `genai-kit s3 ls`, run as the user runs it, against the local S3. */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CreateBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type RunningS3 } from '../../local/s3/index.js';
import { s3Client } from './s3/s3Client.js';

const run = promisify(execFile);
let s3: RunningS3;
let dir: string;
let endpointsFile: string;

beforeAll(async () => {
  s3 = await startS3Server({ port: 0 });
  dir = mkdtempSync(join(tmpdir(), 's3-cli-'));
  endpointsFile = join(dir, 'endpoints.json');
  writeFileSync(endpointsFile, JSON.stringify({ s3: s3.url, region: 'us-east-1' }));
});

afterAll(async () => {
  await s3?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function genaiKit(...args: string[]): Promise<string> {
  const { stdout } = await run('npx', ['tsx', 'local/cli.ts', ...args, '--endpoints', endpointsFile], { cwd: join(import.meta.dirname, '../..') });
  return stdout;
}

describe('genai-kit s3 ls', () => {
  it('lists buckets with their object counts, then one bucket and one prefix', async () => {
    // Prepare
    const client = s3Client(s3.url);
    await client.send(new CreateBucketCommand({ Bucket: 'listed-bucket' }));
    await client.send(new PutObjectCommand({ Bucket: 'listed-bucket', Key: 'uploads/a.pdf', Body: Buffer.alloc(2048) }));
    await client.send(new PutObjectCommand({ Bucket: 'listed-bucket', Key: 'notes.txt', Body: 'hi' }));

    // Act
    const buckets = await genaiKit('s3', 'ls');
    const objects = JSON.parse(await genaiKit('s3', 'ls', 'listed-bucket', '--json')) as { key: string; size: number }[];
    const prefixed = await genaiKit('s3', 'ls', 's3://listed-bucket/uploads/');

    // Assess
    expect(buckets).toMatch(/listed-bucket {2}\(2 objects, 2\.0 KiB\)/);
    expect(objects.map((o) => [o.key, o.size])).toEqual([['notes.txt', 2], ['uploads/a.pdf', 2048]]);
    expect(prefixed).toContain('uploads/a.pdf');
    expect(prefixed).not.toContain('notes.txt');
  });
});
