import type { S3ServiceException } from '@aws-sdk/client-s3';
import {
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  ListObjectVersionsCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type RunningS3 } from '../../../local/s3/index.js';
import { s3Client } from './s3Client.js';

async function s3ErrorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number; headers: Record<string, string | undefined> }> {
  try {
    await promise;
  } catch (error) {
    const e = error as S3ServiceException & { $response?: { headers: Record<string, string> } };
    return { name: e.name, status: e.$metadata?.httpStatusCode, headers: e.$response?.headers ?? {} };
  }
  throw new Error('expected an error');
}

describe('local S3: object versioning through the JS SDK v3', () => {
  let s3: RunningS3;
  let client: ReturnType<typeof s3Client>;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 's3-versions-'));
    s3 = await startS3Server({ port: 0, dataDir: dir });
    client = s3Client(s3.url);
  });
  afterAll(async () => {
    await s3.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps every version of an Enabled bucket: PUT and copy answer x-amz-version-id, GET/HEAD by versionId read old bytes', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'kept' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'kept', VersioningConfiguration: { Status: 'Enabled' } }));

    // Act
    const first = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a.txt', Body: 'one' }));
    const second = await client.send(new PutObjectCommand({ Bucket: 'kept', Key: 'a.txt', Body: 'two' }));
    const copied = await client.send(new CopyObjectCommand({ Bucket: 'kept', Key: 'b.txt', CopySource: `kept/a.txt?versionId=${first.VersionId}` }));
    const status = await client.send(new GetBucketVersioningCommand({ Bucket: 'kept' }));
    const latest = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'a.txt' }));
    const old = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'a.txt', VersionId: first.VersionId }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'kept', Key: 'a.txt', VersionId: first.VersionId }));
    const copy = await client.send(new GetObjectCommand({ Bucket: 'kept', Key: 'b.txt' }));

    // Assess
    expect(status.Status).toBe('Enabled');
    expect(first.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(second.VersionId).not.toBe(first.VersionId);
    expect(latest.VersionId).toBe(second.VersionId);
    expect(await latest.Body!.transformToString()).toBe('two');
    expect(await old.Body!.transformToString()).toBe('one');
    expect(head).toMatchObject({ VersionId: first.VersionId, ContentLength: 3 });
    expect(copied.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(copied.CopySourceVersionId).toBe(first.VersionId);
    expect(await copy.Body!.transformToString()).toBe('one');
  });

  it('a DELETE without a version id makes a delete marker: GET is 404 NoSuchKey with x-amz-delete-marker, GET of the marker is 405, deleting the marker restores the object', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'marked' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'marked', VersioningConfiguration: { Status: 'Enabled' } }));
    const put = await client.send(new PutObjectCommand({ Bucket: 'marked', Key: 'doc', Body: 'kept' }));

    // Act
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: 'marked', Key: 'doc' }));
    const hidden = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'marked', Key: 'doc' })));
    const ofMarker = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'marked', Key: 'doc', VersionId: deleted.VersionId })));
    const listedWhileHidden = await client.send(new ListObjectsV2Command({ Bucket: 'marked' }));
    const stillThere = await client.send(new GetObjectCommand({ Bucket: 'marked', Key: 'doc', VersionId: put.VersionId }));
    const unmarked = await client.send(new DeleteObjectCommand({ Bucket: 'marked', Key: 'doc', VersionId: deleted.VersionId }));
    const restored = await client.send(new GetObjectCommand({ Bucket: 'marked', Key: 'doc' }));

    // Assess
    expect(deleted.DeleteMarker).toBe(true);
    expect(deleted.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(hidden).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(hidden.headers['x-amz-delete-marker']).toBe('true');
    expect(ofMarker).toMatchObject({ status: 405 });
    expect(ofMarker.headers['x-amz-delete-marker']).toBe('true');
    expect(listedWhileHidden.KeyCount).toBe(0);
    expect(await stillThere.Body!.transformToString()).toBe('kept');
    expect(unmarked).toMatchObject({ DeleteMarker: true, VersionId: deleted.VersionId });
    expect(await restored.Body!.transformToString()).toBe('kept');
  });

  it('answers NoSuchVersion for an unknown version id and InvalidArgument for a malformed one', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'unknown-versions' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'unknown-versions', VersioningConfiguration: { Status: 'Enabled' } }));
    await client.send(new PutObjectCommand({ Bucket: 'unknown-versions', Key: 'k', Body: 'x' }));

    // Act
    const unknown = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'unknown-versions', Key: 'k', VersionId: 'A'.repeat(32) })));
    const malformed = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'unknown-versions', Key: 'k', VersionId: 'not a version' })));

    // Assess
    expect(unknown).toMatchObject({ name: 'NoSuchVersion', status: 404 });
    expect(malformed).toMatchObject({ name: 'InvalidArgument', status: 400 });
  });

  it('writes the null version on a never-enabled or Suspended bucket: a PUT replaces it, a DELETE on Suspended leaves a null delete marker', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'suspended' }));
    const plain = await client.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'plain' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'suspended', VersioningConfiguration: { Status: 'Enabled' } }));
    const versioned = await client.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'versioned' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'suspended', VersioningConfiguration: { Status: 'Suspended' } }));

    // Act
    const nullPut = await client.send(new PutObjectCommand({ Bucket: 'suspended', Key: 'k', Body: 'null again' }));
    const byNull = await client.send(new GetObjectCommand({ Bucket: 'suspended', Key: 'k', VersionId: 'null' }));
    const deleted = await client.send(new DeleteObjectCommand({ Bucket: 'suspended', Key: 'k' }));
    const versions = await client.send(new ListObjectVersionsCommand({ Bucket: 'suspended' }));

    // Assess
    expect(plain.VersionId).toBeUndefined();
    expect(nullPut.VersionId).toBe('null');
    expect(await byNull.Body!.transformToString()).toBe('null again');
    expect(deleted).toMatchObject({ DeleteMarker: true, VersionId: 'null' });
    expect(versions.Versions?.map((v) => [v.VersionId, v.IsLatest])).toEqual([[versioned.VersionId, false]]);
    expect(versions.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([['null', true]]);
  });

  it('lists versions and delete markers by key, newest first, with prefix and key/version-id marker pagination, and keeps them across a restart', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'listed' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'listed', VersioningConfiguration: { Status: 'Enabled' } }));
    const written: string[] = [];
    for (const body of ['1', '2', '3']) written.push((await client.send(new PutObjectCommand({ Bucket: 'listed', Key: 'docs/a', Body: body }))).VersionId!);
    const marker = await client.send(new DeleteObjectCommand({ Bucket: 'listed', Key: 'docs/a' }));
    await client.send(new PutObjectCommand({ Bucket: 'listed', Key: 'other', Body: 'o' }));

    // Act
    const pages: { versions: string[]; markers: string[]; nextKey?: string; nextVersion?: string }[] = [];
    let keyMarker: string | undefined;
    let versionIdMarker: string | undefined;
    do {
      const page = await client.send(new ListObjectVersionsCommand({ Bucket: 'listed', Prefix: 'docs/', MaxKeys: 3, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
      pages.push({ versions: (page.Versions ?? []).map((v) => v.VersionId!), markers: (page.DeleteMarkers ?? []).map((m) => m.VersionId!), nextKey: page.NextKeyMarker, nextVersion: page.NextVersionIdMarker });
      keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
      versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
    } while (keyMarker);
    await s3.close();
    s3 = await startS3Server({ port: 0, dataDir: dir });
    client = s3Client(s3.url);
    const afterRestart = await client.send(new ListObjectVersionsCommand({ Bucket: 'listed', Prefix: 'docs/' }));
    const oldest = await client.send(new GetObjectCommand({ Bucket: 'listed', Key: 'docs/a', VersionId: written[0] }));

    // Assess
    expect(pages).toEqual([
      { versions: [written[2], written[1]], markers: [marker.VersionId], nextKey: 'docs/a', nextVersion: written[1] },
      { versions: [written[0]], markers: [], nextKey: undefined, nextVersion: undefined },
    ]);
    expect(afterRestart.Versions?.map((v) => v.VersionId)).toEqual([written[2], written[1], written[0]]);
    expect(afterRestart.DeleteMarkers?.map((m) => [m.VersionId, m.IsLatest])).toEqual([[marker.VersionId, true]]);
    expect(await oldest.Body!.transformToString()).toBe('1');
  });

  it('gives a completed multipart upload a version id, and a bucket with only old versions is not empty until they are deleted', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'multi-versions' }));
    await client.send(new PutBucketVersioningCommand({ Bucket: 'multi-versions', VersioningConfiguration: { Status: 'Enabled' } }));
    const upload = await client.send(new CreateMultipartUploadCommand({ Bucket: 'multi-versions', Key: 'm' }));
    const part = await client.send(new UploadPartCommand({ Bucket: 'multi-versions', Key: 'm', UploadId: upload.UploadId, PartNumber: 1, Body: 'only part' }));

    // Act
    const completed = await client.send(new CompleteMultipartUploadCommand({ Bucket: 'multi-versions', Key: 'm', UploadId: upload.UploadId, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: part.ETag }] } }));
    const marker = await client.send(new DeleteObjectCommand({ Bucket: 'multi-versions', Key: 'm' }));
    const notEmpty = await s3ErrorOf(client.send(new DeleteBucketCommand({ Bucket: 'multi-versions' })));
    await client.send(new DeleteObjectCommand({ Bucket: 'multi-versions', Key: 'm', VersionId: completed.VersionId }));
    await client.send(new DeleteObjectCommand({ Bucket: 'multi-versions', Key: 'm', VersionId: marker.VersionId }));
    const deleted = await client.send(new DeleteBucketCommand({ Bucket: 'multi-versions' }));

    // Assess
    expect(completed.VersionId).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(notEmpty).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
    expect(deleted.$metadata.httpStatusCode).toBe(204);
  });
});
