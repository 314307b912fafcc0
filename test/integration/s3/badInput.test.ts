/** Client mistakes get S3's error XML with a 4xx status, never a 5xx, and the server keeps serving. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3_ERRORS } from '../../../local/s3/index.js';
import { startS3Server, type RunningS3 } from '../../../local/s3/index.js';

const AUTH = { authorization: 'AWS4-HMAC-SHA256 Credential=local/20261207/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' };

interface BadRequest {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  code: string;
}

const BAD_REQUESTS: BadRequest[] = [
  { name: 'malformed CORS XML', method: 'PUT', path: '/bad?cors', body: '<CORSConfiguration><CORSRule>', code: 'MalformedXML' },
  { name: 'CORS rule without origins', method: 'PUT', path: '/bad?cors', body: '<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>', code: 'MalformedXML' },
  { name: 'CORS with an unsupported method', method: 'PUT', path: '/bad?cors', body: '<CORSConfiguration><CORSRule><AllowedMethod>PATCH</AllowedMethod><AllowedOrigin>*</AllowedOrigin></CORSRule></CORSConfiguration>', code: 'InvalidRequest' },
  { name: 'DeleteObjects without objects', method: 'POST', path: '/bad?delete', body: '<Delete></Delete>', code: 'MalformedXML' },
  { name: 'DeleteObjects not XML', method: 'POST', path: '/bad?delete', body: '{"json": true}', code: 'MalformedXML' },
  { name: 'complete an unknown upload', method: 'POST', path: '/bad/k?uploadId=nope', body: '<CompleteMultipartUpload/>', code: 'NoSuchUpload' },
  { name: 'part number out of range', method: 'PUT', path: '/bad/k?partNumber=0&uploadId=x', body: 'x', code: 'InvalidArgument' },
  { name: 'copy source without a key', method: 'PUT', path: '/bad/k', headers: { 'x-amz-copy-source': 'bad' }, code: 'InvalidArgument' },
  { name: 'copy source badly encoded', method: 'PUT', path: '/bad/k', headers: { 'x-amz-copy-source': '/bad/%E0%A4%A' }, code: 'InvalidArgument' },
  { name: 'max-keys not a number', method: 'GET', path: '/bad?list-type=2&max-keys=lots', code: 'InvalidArgument' },
  { name: 'forged continuation token', method: 'GET', path: '/bad?list-type=2&continuation-token=%%%', code: 'InvalidArgument' },
  { name: 'unknown encoding type', method: 'GET', path: '/bad?list-type=2&encoding-type=base64', code: 'InvalidArgument' },
  { name: 'key longer than 1,024 bytes', method: 'PUT', path: `/bad/${'k'.repeat(1100)}`, body: 'x', code: 'KeyTooLongError' },
  { name: 'Content-MD5 of the wrong length', method: 'PUT', path: '/bad/k', headers: { 'content-md5': 'AAAA' }, body: 'x', code: 'InvalidDigest' },
  { name: 'Content-MD5 that does not match', method: 'PUT', path: '/bad/k', headers: { 'content-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, body: 'x', code: 'BadDigest' },
  { name: 'unknown checksum algorithm', method: 'PUT', path: '/bad/k', headers: { 'x-amz-sdk-checksum-algorithm': 'MD4' }, body: 'x', code: 'InvalidRequest' },
  { name: 'truncated aws-chunked body', method: 'PUT', path: '/bad/k', headers: { 'content-encoding': 'aws-chunked', 'x-amz-content-sha256': 'STREAMING-UNSIGNED-PAYLOAD-TRAILER' }, body: '10\r\nshort', code: 'IncompleteBody' },
  { name: 'aws-chunked size not hexadecimal', method: 'PUT', path: '/bad/k', headers: { 'content-encoding': 'aws-chunked' }, body: 'zz\r\nabc\r\n0\r\n\r\n', code: 'IncompleteBody' },
  { name: 'presigned URL with missing parameters', method: 'GET', path: '/bad/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=00', code: 'AuthorizationQueryParametersError' },
  { name: 'presigned URL valid for more than a week', method: 'GET', path: '/bad/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=local%2F20261207%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261207T000000Z&X-Amz-Expires=604801&X-Amz-SignedHeaders=host&X-Amz-Signature=00', code: 'AuthorizationQueryParametersError' },
  { name: 'presigned URL of an unknown key id', method: 'GET', path: '/bad/k?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=someone%2F20261207%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20261207T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host&X-Amz-Signature=00', code: 'InvalidAccessKeyId' },
  { name: 'preflight without Origin', method: 'OPTIONS', path: '/bad/k', code: 'InvalidRequest' },
  { name: 'bucket name with capitals', method: 'PUT', path: '/Bad_Bucket', code: 'InvalidBucketName' },
  { name: 'POST on a bucket without a sub-resource', method: 'POST', path: '/bad', code: 'MethodNotAllowed' },
  { name: 'an unserved sub-resource', method: 'GET', path: '/bad?policy', code: 'NotImplemented' },
];

describe('local S3: bad input', () => {
  let s3: RunningS3;

  beforeAll(async () => {
    s3 = await startS3Server({ port: 0 });
    await fetch(`${s3.url}/bad`, { method: 'PUT', headers: AUTH });
  });
  afterAll(() => s3.close());

  it.each(BAD_REQUESTS)('$name → $code', async ({ method, path, headers, body, code }) => {
    // Act
    const response = await fetch(`${s3.url}${path}`, { method, headers: { ...AUTH, ...headers }, body });
    const text = await response.text();

    // Assess
    expect(text).toContain(`<Code>${code}</Code>`);
    expect(response.status).toBe(S3_ERRORS[code as keyof typeof S3_ERRORS].status);
    expect(response.status === 501 || response.status < 500).toBe(true);
  });

  it('still serves after all of them', async () => {
    // Act
    const put = await fetch(`${s3.url}/bad/after`, { method: 'PUT', headers: AUTH, body: 'fine' });
    const get = await fetch(`${s3.url}/bad/after`, { headers: AUTH });

    // Assess
    expect(put.status).toBe(200);
    expect(await get.text()).toBe('fine');
  });
});
