import { createHash, createHmac } from 'node:crypto';
import { S3Error } from '../errors.js';

/** Longest validity of a presigned URL: seven days (S3 "Authenticating Requests: Using Query Parameters", read 2026-12-07). */
export const MAX_PRESIGNED_EXPIRY_SECONDS = 604_800;

export interface PresignedRequest {
  method: string;
  /** The path as sent (percent-encoded). */
  rawPath: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
}

/** S3's URI encoding (RFC 3986 unreserved characters kept), of one path segment or query component. */
export function uriEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalPath(rawPath: string): string {
  return rawPath
    .split('/')
    .map((segment) => {
      try {
        return uriEncode(decodeURIComponent(segment));
      } catch {
        return segment;
      }
    })
    .join('/');
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

function headerValue(headers: PresignedRequest['headers'], name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
}

/**
 * Verifies a SigV4 query-signed (presigned) request: the signature over the method, path, query and
 * signed headers with `UNSIGNED-PAYLOAD`, then its validity window. Throws S3's errors:
 * `SignatureDoesNotMatch` (tampered), `AccessDenied` "Request has expired", `InvalidAccessKeyId`.
 */
export function verifyPresignedRequest(request: PresignedRequest, secrets: ReadonlyMap<string, string>, now = new Date()): void {
  const q = request.query;
  const algorithm = q.get('X-Amz-Algorithm');
  const credential = q.get('X-Amz-Credential');
  const amzDate = q.get('X-Amz-Date');
  const expires = q.get('X-Amz-Expires');
  const signedHeaders = q.get('X-Amz-SignedHeaders');
  const signature = q.get('X-Amz-Signature');
  if (algorithm !== 'AWS4-HMAC-SHA256' || !credential || !amzDate || !expires || !signedHeaders || !signature) throw new S3Error('AuthorizationQueryParametersError');
  const expirySeconds = Number(expires);
  if (!Number.isInteger(expirySeconds) || expirySeconds < 1) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be non-negative');
  if (expirySeconds > MAX_PRESIGNED_EXPIRY_SECONDS) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Expires must be less than a week (in seconds) that is 604800');
  const [accessKeyId, date, region, service, terminator] = credential.split('/');
  if (!date || !region || !service || terminator !== 'aws4_request') throw new S3Error('AuthorizationQueryParametersError', 'Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; expecting "<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request".');
  const secret = secrets.get(accessKeyId);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });

  const query = [...q.entries()]
    .filter(([name]) => name !== 'X-Amz-Signature')
    .map(([name, value]) => [uriEncode(name), uriEncode(value)])
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const headerNames = signedHeaders.toLowerCase().split(';');
  const canonicalHeaders = headerNames.map((name) => `${name}:${headerValue(request.headers, name)}\n`).join('');
  const canonicalRequest = [request.method, canonicalPath(request.rawPath), query, canonicalHeaders, headerNames.join(';'), 'UNSIGNED-PAYLOAD'].join('\n');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  if (expected !== signature) throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign, SignatureProvided: signature });

  const signedAt = parseAmzDate(amzDate);
  if (!signedAt) throw new S3Error('AuthorizationQueryParametersError', 'X-Amz-Date must be in the ISO8601 Long Format "yyyyMMdd\'T\'HHmmss\'Z\'"');
  const expiresAt = new Date(signedAt.getTime() + expirySeconds * 1000);
  if (now > expiresAt) {
    throw new S3Error('AccessDenied', 'Request has expired', { 'X-Amz-Expires': expires, Expires: isoSeconds(expiresAt), ServerTime: isoSeconds(now) });
  }
}

function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}

function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Sub-resources and response overrides that Signature Version 2 signs as part of the resource. */
const V2_SIGNED_PARAMETERS = ['acl', 'cors', 'delete', 'location', 'notification', 'partNumber', 'uploadId', 'uploads', 'versionId', 'versioning', 'response-content-type', 'response-content-language', 'response-expires', 'response-cache-control', 'response-content-disposition', 'response-content-encoding'];

/**
 * Verifies a Signature Version 2 query-signed URL (`AWSAccessKeyId`, `Expires`, `Signature`), which
 * botocore (the AWS CLI v1's `aws s3 presign`, boto3's `generate_presigned_url`) still makes for us-east-1.
 * `bucket` is given for virtual-hosted requests, whose path lacks it.
 */
export function verifyPresignedV2Request(request: PresignedRequest, secrets: ReadonlyMap<string, string>, bucket: string | undefined, virtualHosted: boolean, now = new Date()): void {
  const q = request.query;
  const accessKeyId = q.get('AWSAccessKeyId') ?? '';
  const expires = q.get('Expires') ?? '';
  const signature = q.get('Signature') ?? '';
  const secret = secrets.get(accessKeyId);
  if (secret === undefined) throw new S3Error('InvalidAccessKeyId', undefined, { AWSAccessKeyId: accessKeyId });
  const amzHeaders = Object.keys(request.headers)
    .filter((name) => name.startsWith('x-amz-'))
    .sort()
    .map((name) => `${name}:${headerValue(request.headers, name)}\n`)
    .join('');
  const subresources = [...q.entries()]
    .filter(([name]) => V2_SIGNED_PARAMETERS.includes(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => (value === '' ? name : `${name}=${value}`));
  const resource = `${virtualHosted && bucket ? `/${bucket}` : ''}${request.rawPath}${subresources.length ? `?${subresources.join('&')}` : ''}`;
  const stringToSign = [request.method, headerValue(request.headers, 'content-md5'), headerValue(request.headers, 'content-type'), expires, `${amzHeaders}${resource}`].join('\n');
  const expected = createHmac('sha1', secret).update(stringToSign, 'utf8').digest('base64');
  if (expected !== signature) throw new S3Error('SignatureDoesNotMatch', undefined, { AWSAccessKeyId: accessKeyId, StringToSign: stringToSign, SignatureProvided: signature });
  if (now.getTime() > Number(expires) * 1000) {
    throw new S3Error('AccessDenied', 'Request has expired', { Expires: isoSeconds(new Date(Number(expires) * 1000)), ServerTime: isoSeconds(now) });
  }
}
