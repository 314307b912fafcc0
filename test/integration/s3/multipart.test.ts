import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListPartsCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3ServiceException,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type RunningS3 } from '../../../local/s3/index.js';
import { s3Client } from './s3Client.js';

const MiB = 1024 * 1024;

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    return { name: (error as S3ServiceException).name, status: (error as S3ServiceException).$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

describe('local S3: multipart uploads and limits', () => {
  let s3: RunningS3;
  let client: ReturnType<typeof s3Client>;

  beforeAll(async () => {
    s3 = await startS3Server({ port: 0, limits: { maxPutBytes: 2 * MiB } });
    client = s3Client(s3.url);
    await client.send(new CreateBucketCommand({ Bucket: 'big' }));
  });
  afterAll(() => s3.close());

  it('joins parts into one object whose ETag is the MD5 of the parts MD5s, suffixed -N, with a composite CRC32', async () => {
    // Prepare
    const parts = [Buffer.alloc(5 * MiB, 'a'), Buffer.alloc(MiB, 'b')];
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: 'big', Key: 'joined.bin', ContentType: 'application/x-test', Metadata: { origin: 'parts' }, ChecksumAlgorithm: 'CRC32' }));
    const uploaded = [];
    for (const [i, body] of parts.entries()) {
      const part = await client.send(new UploadPartCommand({ Bucket: 'big', Key: 'joined.bin', UploadId: created.UploadId, PartNumber: i + 1, Body: body, ChecksumAlgorithm: 'CRC32' }));
      uploaded.push({ PartNumber: i + 1, ETag: part.ETag, ChecksumCRC32: part.ChecksumCRC32 });
    }

    // Act
    const listed = await client.send(new ListPartsCommand({ Bucket: 'big', Key: 'joined.bin', UploadId: created.UploadId }));
    const completed = await client.send(new CompleteMultipartUploadCommand({ Bucket: 'big', Key: 'joined.bin', UploadId: created.UploadId, MultipartUpload: { Parts: uploaded } }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'big', Key: 'joined.bin' }));
    const got = await client.send(new GetObjectCommand({ Bucket: 'big', Key: 'joined.bin' }));
    const bytes = Buffer.from(await got.Body!.transformToByteArray());

    // Assess
    const md5s = parts.map((p) => createHash('md5').update(p).digest());
    expect(listed.Parts?.map((p) => p.Size)).toEqual([5 * MiB, MiB]);
    expect(completed.ETag).toBe(`"${createHash('md5').update(Buffer.concat(md5s)).digest('hex')}-2"`);
    expect(completed.ChecksumCRC32).toMatch(/^[A-Za-z0-9+/=]+-2$/);
    expect(head).toMatchObject({ ContentLength: 6 * MiB, ContentType: 'application/x-test', Metadata: { origin: 'parts' }, ETag: completed.ETag });
    expect(bytes.equals(Buffer.concat(parts))).toBe(true);
  });

  it('refuses a wrong part ETag (InvalidPart), a small non-last part (EntityTooSmall) and an aborted upload (NoSuchUpload)', async () => {
    // Prepare
    const created = await client.send(new CreateMultipartUploadCommand({ Bucket: 'big', Key: 'bad.bin' }));
    const base = { Bucket: 'big', Key: 'bad.bin', UploadId: created.UploadId };
    const one = await client.send(new UploadPartCommand({ ...base, PartNumber: 1, Body: 'small' }));
    const two = await client.send(new UploadPartCommand({ ...base, PartNumber: 2, Body: 'last' }));

    // Act
    const invalidPart = await errorOf(client.send(new CompleteMultipartUploadCommand({ ...base, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: '"0000"' }] } })));
    const tooSmall = await errorOf(client.send(new CompleteMultipartUploadCommand({ ...base, MultipartUpload: { Parts: [{ PartNumber: 1, ETag: one.ETag }, { PartNumber: 2, ETag: two.ETag }] } })));
    await client.send(new AbortMultipartUploadCommand(base));
    const noUpload = await errorOf(client.send(new UploadPartCommand({ ...base, PartNumber: 3, Body: 'x' })));

    // Assess
    expect(invalidPart).toEqual({ name: 'InvalidPart', status: 400 });
    expect(tooSmall).toEqual({ name: 'EntityTooSmall', status: 400 });
    expect(noUpload).toEqual({ name: 'NoSuchUpload', status: 404 });
  });

  it('refuses a PUT larger than the single-PUT limit with EntityTooLarge, storing nothing', async () => {
    // Act
    const error = await errorOf(client.send(new PutObjectCommand({ Bucket: 'big', Key: 'huge.bin', Body: Buffer.alloc(3 * MiB) })));
    const absent = await errorOf(client.send(new HeadObjectCommand({ Bucket: 'big', Key: 'huge.bin' })));

    // Assess
    expect(error).toEqual({ name: 'EntityTooLarge', status: 400 });
    expect(absent.status).toBe(404);
  });

  it('refuses a chunked PUT (no Content-Length) once it passes the limit, and answers before the body ends', async () => {
    // Prepare: 3 MiB sent in 64 KiB chunks with Transfer-Encoding: chunked.
    const chunks = Array.from({ length: 48 }, () => new Uint8Array(64 * 1024));
    const body = new ReadableStream<Uint8Array>({ pull: (controller) => (chunks.length ? controller.enqueue(chunks.shift()!) : controller.close()) });

    // Act
    const response = await fetch(`${s3.url}/big/streamed.bin`, {
      method: 'PUT',
      body,
      duplex: 'half',
      headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local/20261207/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
    } as RequestInit);
    const text = await response.text();

    // Assess
    expect(response.status).toBe(400);
    expect(text).toContain('<Code>EntityTooLarge</Code>');
    expect(s3.store.listObjects('big').map((o) => o.key)).not.toContain('streamed.bin');
  });
});
