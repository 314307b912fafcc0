import type { S3Client } from '@aws-sdk/client-s3';
import { CreateBucketCommand, GetObjectCommand, PutBucketCorsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startS3Server, type RunningS3 } from '../../../local/s3/index.js';
import { s3Client } from './s3Client.js';

/** A raw request with any Host header (virtual-hosted style without DNS for `<bucket>.localhost`). */
function rawRequest(url: string, options: { method: string; host?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: options.method, headers: { ...options.headers, ...(options.host ? { host: options.host } : {}) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('local S3: presigned URLs, virtual-hosted addressing and CORS', () => {
  let s3: RunningS3;
  let client: S3Client;
  let presigner: S3Client;

  beforeAll(async () => {
    s3 = await startS3Server({ port: 0 });
    client = s3Client(s3.url);
    // Presigned uploads carry no body at signing time: the SDK's default CRC32 would sign the empty body's checksum.
    presigner = s3Client(s3.url, { requestChecksumCalculation: 'WHEN_REQUIRED' });
    await client.send(new CreateBucketCommand({ Bucket: 'uploads' }));
    await client.send(
      new PutBucketCorsCommand({
        Bucket: 'uploads',
        CORSConfiguration: { CORSRules: [{ AllowedOrigins: ['http://localhost:5173'], AllowedMethods: ['PUT', 'GET'], AllowedHeaders: ['content-type'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 600 }] },
      }),
    );
  });
  afterAll(() => s3.close());

  it('accepts an upload through a presigned PUT URL and serves it through a presigned GET URL', async () => {
    // Prepare
    const putUrl = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: 'uploads', Key: 'in/report 1.pdf', ContentType: 'application/pdf' }), { expiresIn: 300 });
    const getUrl = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: 'uploads', Key: 'in/report 1.pdf' }), { expiresIn: 300 });

    // Act
    const put = await fetch(putUrl, { method: 'PUT', body: '%PDF-1.4 test', headers: { 'content-type': 'application/pdf' } });
    const get = await fetch(getUrl);

    // Assess
    expect(put.status).toBe(200);
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('application/pdf');
    expect(await get.text()).toBe('%PDF-1.4 test');
  });

  it('answers SignatureDoesNotMatch for a tampered URL and AccessDenied "Request has expired" for an expired one', async () => {
    // Prepare
    const url = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: 'uploads', Key: 'a.txt' }), { expiresIn: 300 });
    const expired = await getSignedUrl(presigner, new GetObjectCommand({ Bucket: 'uploads', Key: 'a.txt' }), { expiresIn: 1, signingDate: new Date(Date.now() - 60_000) });

    // Act
    const tampered = await fetch(url.replace('a.txt', 'b.txt'), { method: 'PUT', body: 'x' });
    const late = await fetch(expired);
    const tamperedBody = await tampered.text();
    const lateBody = await late.text();

    // Assess
    expect(tampered.status).toBe(403);
    expect(tamperedBody).toContain('<Code>SignatureDoesNotMatch</Code>');
    expect(late.status).toBe(403);
    expect(lateBody).toContain('<Code>AccessDenied</Code>');
    expect(lateBody).toContain('<Message>Request has expired</Message>');
  });

  it('refuses an unsigned request with AccessDenied', async () => {
    // Act
    const response = await fetch(`${s3.url}/uploads/a.txt`);

    // Assess
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('<Code>AccessDenied</Code>');
  });

  it('serves virtual-hosted-style requests addressed to <bucket>.localhost', async () => {
    // Prepare
    await client.send(new PutObjectCommand({ Bucket: 'uploads', Key: 'vh.txt', Body: 'virtual' }));

    // Act
    const response = await rawRequest(`${s3.url}/vh.txt`, { method: 'GET', host: `uploads.localhost:${s3.port}`, headers: { authorization: 'AWS4-HMAC-SHA256 Credential=local/20261207/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' } });

    // Assess
    expect(response.status).toBe(200);
    expect(response.body).toBe('virtual');
  });

  it('answers a browser preflight from the bucket CORS rules and adds CORS headers to the upload', async () => {
    // Prepare
    const putUrl = await getSignedUrl(presigner, new PutObjectCommand({ Bucket: 'uploads', Key: 'browser.txt', ContentType: 'text/plain' }), { expiresIn: 300 });

    // Act
    const preflight = await fetch(putUrl, { method: 'OPTIONS', headers: { origin: 'http://localhost:5173', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });
    const refused = await fetch(putUrl, { method: 'OPTIONS', headers: { origin: 'http://evil.example', 'access-control-request-method': 'PUT' } });
    const upload = await fetch(putUrl, { method: 'PUT', body: 'from a browser', headers: { origin: 'http://localhost:5173', 'content-type': 'text/plain' } });

    // Assess
    expect(preflight.status).toBe(200);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('PUT, GET');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');
    expect(preflight.headers.get('access-control-max-age')).toBe('600');
    expect(refused.status).toBe(403);
    expect(await refused.text()).toContain('<Code>AccessForbidden</Code>');
    expect(upload.status).toBe(200);
    expect(upload.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
    expect(upload.headers.get('access-control-expose-headers')).toBe('ETag');
  });
});
