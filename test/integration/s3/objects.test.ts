import type {
  S3ServiceException} from '@aws-sdk/client-s3';
import {
  CopyObjectCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetBucketLocationCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutObjectCommand
} from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type RunningS3 } from '../../../local/s3/index.js';
import { s3Client } from './s3Client.js';

async function s3ErrorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as S3ServiceException;
    return { name: e.name, status: e.$metadata?.httpStatusCode, message: e.message };
  }
  throw new Error('expected an error');
}

describe('local S3: buckets and objects through the JS SDK v3', () => {
  let s3: RunningS3;
  let client: ReturnType<typeof s3Client>;

  beforeAll(async () => {
    s3 = await startS3Server({ port: 0 });
    client = s3Client(s3.url);
    await client.send(new CreateBucketCommand({ Bucket: 'docs' }));
  });
  afterAll(() => s3.close());

  it('creates, heads, lists, locates and deletes a bucket; a bucket you own is created again with 200 in us-east-1', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'scratch-bucket' }));

    // Act
    const again = await client.send(new CreateBucketCommand({ Bucket: 'scratch-bucket' }));
    const head = await client.send(new HeadBucketCommand({ Bucket: 'scratch-bucket' }));
    const location = await client.send(new GetBucketLocationCommand({ Bucket: 'scratch-bucket' }));
    const listed = await client.send(new ListBucketsCommand({}));
    await client.send(new DeleteBucketCommand({ Bucket: 'scratch-bucket' }));
    const gone = await s3ErrorOf(client.send(new HeadBucketCommand({ Bucket: 'scratch-bucket' })));

    // Assess
    expect(again.$metadata.httpStatusCode).toBe(200);
    expect(head.BucketRegion).toBe('us-east-1');
    expect(location.LocationConstraint).toBeUndefined();
    expect(listed.Buckets?.map((b) => b.Name)).toContain('scratch-bucket');
    expect(gone).toMatchObject({ name: 'NotFound', status: 404 });
  });

  it('answers S3 error codes for bad bucket names, missing buckets and keys', async () => {
    // Act
    const badName = await s3ErrorOf(client.send(new CreateBucketCommand({ Bucket: 'Bad_Name' })));
    const noBucket = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'no-such-bucket', Key: 'k' })));
    const noKey = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'missing' })));
    const notEmpty = await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'keep', Body: 'x' })).then(() => s3ErrorOf(client.send(new DeleteBucketCommand({ Bucket: 'docs' }))));

    // Assess
    expect(badName).toMatchObject({ name: 'InvalidBucketName', status: 400 });
    expect(noBucket).toMatchObject({ name: 'NoSuchBucket', status: 404, message: 'The specified bucket does not exist' });
    expect(noKey).toMatchObject({ name: 'NoSuchKey', status: 404 });
    expect(notEmpty).toMatchObject({ name: 'BucketNotEmpty', status: 409 });
  });

  it('stores bytes, content type, user metadata and the CRC32 the SDK sends (header or aws-chunked trailer)', async () => {
    // Act
    const fromString = await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'notes/a b ü.txt', Body: 'hello', ContentType: 'text/plain', Metadata: { Author: 'ada' } }));
    const fromStream = await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'stream.bin', Body: Readable.from([Buffer.from('hello '), Buffer.from('stream')]), ContentLength: 12 }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'stream.bin', ChecksumMode: 'ENABLED' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'docs', Key: 'notes/a b ü.txt' }));

    // Assess
    expect(fromString.ETag).toBe('"5d41402abc4b2a76b9719d911017c592"');
    expect(fromString.ChecksumCRC32).toBe('NhCmhg==');
    expect(fromStream.ChecksumCRC32).toBe('gtnkmQ==');
    expect(await got.Body!.transformToString()).toBe('hello stream');
    expect(got.ChecksumCRC32).toBe('gtnkmQ==');
    expect(head).toMatchObject({ ContentType: 'text/plain', ContentLength: 5, Metadata: { author: 'ada' } });
  });

  it('refuses a body whose checksum does not match with BadDigest and keeps the previous object', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'guarded', Body: 'first' }));

    // Act
    const refused = await s3ErrorOf(client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'guarded', Body: 'second', ChecksumCRC32: 'AAAAAA==' })));
    const kept = await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'guarded' }));

    // Assess
    expect(refused).toMatchObject({ name: 'BadDigest', status: 400 });
    expect(await kept.Body!.transformToString()).toBe('first');
  });

  it('serves ranges and conditional reads', async () => {
    // Prepare
    const put = await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'digits', Body: '0123456789' }));

    // Act
    const middle = await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'digits', Range: 'bytes=2-4' }));
    const tail = await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'digits', Range: 'bytes=-3' }));
    const beyond = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'digits', Range: 'bytes=20-' })));
    const failed = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'digits', IfMatch: '"nope"' })));
    const notModified = await s3ErrorOf(client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'digits', IfNoneMatch: put.ETag })));
    const matched = await client.send(new GetObjectCommand({ Bucket: 'docs', Key: 'digits', IfMatch: put.ETag }));

    // Assess
    expect(await middle.Body!.transformToString()).toBe('234');
    expect(middle.ContentRange).toBe('bytes 2-4/10');
    expect(await tail.Body!.transformToString()).toBe('789');
    expect(beyond).toMatchObject({ name: 'InvalidRange', status: 416 });
    expect(failed).toMatchObject({ name: 'PreconditionFailed', status: 412 });
    expect(notModified.status).toBe(304);
    expect(await matched.Body!.transformToString()).toBe('0123456789');
  });

  it('refuses a conditional create over an existing key (If-None-Match: *)', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'once', Body: 'a' }));

    // Act
    const refused = await s3ErrorOf(client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'once', Body: 'b', IfNoneMatch: '*' })));

    // Assess
    expect(refused).toMatchObject({ name: 'PreconditionFailed', status: 412 });
  });

  it('copies with metadata kept or replaced, and deletes one or many keys', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket: 'docs', Key: 'src.txt', Body: 'copy me', ContentType: 'text/plain', Metadata: { a: '1' } }));

    // Act
    const copied = await client.send(new CopyObjectCommand({ Bucket: 'docs', Key: 'dst.txt', CopySource: 'docs/src.txt' }));
    const replaced = await client.send(new CopyObjectCommand({ Bucket: 'docs', Key: 'dst2.txt', CopySource: 'docs/src.txt', MetadataDirective: 'REPLACE', ContentType: 'text/markdown', Metadata: { b: '2' } }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'docs', Key: 'dst.txt' }));
    const head2 = await client.send(new HeadObjectCommand({ Bucket: 'docs', Key: 'dst2.txt' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'docs', Key: 'src.txt' }));
    const many = await client.send(new DeleteObjectsCommand({ Bucket: 'docs', Delete: { Objects: [{ Key: 'dst.txt' }, { Key: 'dst2.txt' }, { Key: 'never-there' }] } }));
    const gone = await s3ErrorOf(client.send(new HeadObjectCommand({ Bucket: 'docs', Key: 'dst.txt' })));

    // Assess
    expect(copied.CopyObjectResult?.ETag).toBe(replaced.CopyObjectResult?.ETag);
    expect(head).toMatchObject({ ContentType: 'text/plain', Metadata: { a: '1' } });
    expect(head2).toMatchObject({ ContentType: 'text/markdown', Metadata: { b: '2' } });
    expect(many.Deleted?.map((d) => d.Key).sort()).toEqual(['dst.txt', 'dst2.txt', 'never-there']);
    expect(gone.status).toBe(404);
  });

  it('lists with prefix, delimiter and pagination', async () => {
    // Prepare
    await client.send(new CreateBucketCommand({ Bucket: 'listing' }));
    for (const key of ['a/1', 'a/2', 'b/1', 'c', 'd', 'e']) await client.send(new PutObjectCommand({ Bucket: 'listing', Key: key, Body: key }));

    // Act
    const folded = await client.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/' }));
    const prefixed = await client.send(new ListObjectsV2Command({ Bucket: 'listing', Prefix: 'a/' }));
    const keys: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: 'listing', Delimiter: '/', MaxKeys: 2, ContinuationToken: token }));
      keys.push(...(page.CommonPrefixes ?? []).map((p) => p.Prefix!), ...(page.Contents ?? []).map((c) => c.Key!));
      token = page.NextContinuationToken;
      pages++;
    } while (token);

    // Assess
    expect(folded.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['a/', 'b/']);
    expect(folded.Contents?.map((c) => c.Key)).toEqual(['c', 'd', 'e']);
    expect(prefixed.Contents?.map((c) => c.Key)).toEqual(['a/1', 'a/2']);
    expect(keys.sort()).toEqual(['a/', 'b/', 'c', 'd', 'e']);
    expect(pages).toBe(3);
  });
});

describe('local S3 outside us-east-1', () => {
  it('answers BucketAlreadyOwnedByYou for a bucket created twice, as every region but us-east-1 does', async () => {
    // Prepare
    const s3 = await startS3Server({ port: 0, region: 'eu-west-1' });
    const client = s3Client(s3.url, { region: 'eu-west-1' });
    await client.send(new CreateBucketCommand({ Bucket: 'twice', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } }));

    // Act
    const error = await s3ErrorOf(client.send(new CreateBucketCommand({ Bucket: 'twice', CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' } })));
    await s3.close();

    // Assess
    expect(error).toMatchObject({ name: 'BucketAlreadyOwnedByYou', status: 409 });
  });
});
