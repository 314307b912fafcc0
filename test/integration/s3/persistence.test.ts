import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startS3Server } from '../../../local/s3/index.js';
import { s3Client } from './s3Client.js';

describe('local S3: data kept on disk', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });
  const dataDir = async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 's3-data-'));
    dirs.push(dir);
    return dir;
  };

  it('keeps buckets, objects and their metadata across a restart', async () => {
    // Prepare
    const dir = await dataDir();
    const first = await startS3Server({ port: 0, dataDir: dir });
    await s3Client(first.url).send(new CreateBucketCommand({ Bucket: 'kept' }));
    await s3Client(first.url).send(new PutObjectCommand({ Bucket: 'kept', Key: 'a/b.txt', Body: 'still here', ContentType: 'text/plain', Metadata: { k: 'v' } }));
    await first.close();

    // Act
    const second = await startS3Server({ port: 0, dataDir: dir });
    const client = s3Client(second.url);
    const got = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'a/b.txt' }));
    const body = await got.Body!.transformToString();
    await second.close();

    // Assess
    expect(body).toBe('still here');
    expect(got).toMatchObject({ ContentType: 'text/plain', Metadata: { k: 'v' } });
  });

  it('never shows an object whose PUT was cut off, and leaves no bytes of it behind', async () => {
    // Prepare
    const dir = await dataDir();
    const s3 = await startS3Server({ port: 0, dataDir: dir });
    const client = s3Client(s3.url);
    await client.send(new CreateBucketCommand({ Bucket: 'torn' }));
    await client.send(new PutObjectCommand({ Bucket: 'torn', Key: 'doc', Body: 'old version' }));

    // Act: announce 1 MiB, send 10 bytes, drop the connection.
    await new Promise<void>((resolve) => {
      const req = request(`${s3.url}/torn/doc`, { method: 'PUT', headers: { 'content-length': String(1024 * 1024), authorization: 'AWS4-HMAC-SHA256 Credential=local/20261207/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });
      req.on('error', () => resolve());
      req.write('0123456789', () => setTimeout(() => req.destroy(), 50));
      req.on('close', () => resolve());
    });
    const listed = await client.send(new ListObjectsV2Command({ Bucket: 'torn' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'torn', Key: 'doc' }));
    const body = await got.Body!.transformToString();
    await s3.close();

    // Assess
    expect(listed.Contents?.map((c) => [c.Key, c.Size])).toEqual([['doc', 11]]);
    expect(body).toBe('old version');
    expect(await readdir(path.join(dir, 'blobs'))).toHaveLength(1);
  });

  it('drops a temp file and bytes no record names after a kill, at the next start', async () => {
    // Prepare: what a process killed between the bytes' rename and the record's rename leaves.
    const dir = await dataDir();
    const first = await startS3Server({ port: 0, dataDir: dir });
    await s3Client(first.url).send(new CreateBucketCommand({ Bucket: 'crash' }));
    await first.close();
    await writeFile(path.join(dir, 'tmp', 'half-written'), 'partial');
    await writeFile(path.join(dir, 'blobs', 'orphan'), 'never committed');

    // Act
    const second = await startS3Server({ port: 0, dataDir: dir });
    const listed = await s3Client(second.url).send(new ListObjectsV2Command({ Bucket: 'crash' }));
    const missing = await s3Client(second.url).send(new HeadObjectCommand({ Bucket: 'crash', Key: 'orphan' })).catch((e: { $metadata: { httpStatusCode: number } }) => e.$metadata.httpStatusCode);
    await second.close();

    // Assess
    expect(listed.KeyCount).toBe(0);
    expect(missing).toBe(404);
    expect(await readdir(path.join(dir, 'tmp'))).toEqual([]);
    expect(await readdir(path.join(dir, 'blobs'))).toEqual([]);
  });
});
