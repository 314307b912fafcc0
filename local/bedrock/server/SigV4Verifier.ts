import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Checksum, HttpRequest, SourceData } from '@smithy/types';
import { BedrockError } from '../errors.js';

/** Static credentials the strict mode accepts. */
export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** `any`: any SigV4 (or Bedrock API key) is accepted, unsigned is refused. `strict`: verified. `off`: nothing checked. */
export type SignatureMode = 'any' | 'strict' | 'off';

/** What the verifier needs of a request. */
interface SignedRequest {
  method: string;
  /** Path and query exactly as sent (still percent-encoded). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  body: Uint8Array;
}

class NodeSha256 implements Checksum {
  private hash: Hash | Hmac;

  constructor(private readonly secret?: SourceData) {
    this.hash = this.create();
  }

  private create(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(this.secret));
  }

  update(data: Uint8Array): void {
    this.hash.update(data);
  }

  async digest(): Promise<Uint8Array> {
    return this.hash.digest();
  }

  reset(): void {
    this.hash = this.create();
  }
}

function toBuffer(data: SourceData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

const AUTH = /^AWS4-HMAC-SHA256\s+Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([^,]+),\s*Signature=([0-9a-f]{64})$/;

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Parses `20240101T000000Z`. */
function parseAmzDate(value: string | undefined): Date | undefined {
  const match = value ? /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value) : null;
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s] = match;
  return new Date(Date.UTC(+y, +mo - 1, +d, +h, +mi, +s));
}

/** Checks requests' SigV4 signatures as configured; throws Bedrock's 403 errors. */
export class SigV4Verifier {
  private readonly secrets: Map<string, string>;

  constructor(
    private readonly mode: SignatureMode,
    credentials: SigningCredentials[] = [],
  ) {
    this.secrets = new Map(credentials.map((credential) => [credential.accessKeyId, credential.secretAccessKey]));
  }

  /** Whether the full (async) verification is needed, i.e. strict mode. */
  get isStrict(): boolean {
    return this.mode === 'strict';
  }

  /** The synchronous part: refuses an unsigned request (all modes but `off`). */
  requireSignature(url: string, headers: SignedRequest['headers']): void {
    if (this.mode === 'off') return;
    if (!headers.authorization && !url.includes('X-Amz-Signature=')) throw new BedrockError('MissingAuthenticationTokenException');
  }

  /** Resolves if the request may pass; throws a `BedrockError` otherwise. */
  async verify(request: SignedRequest): Promise<void> {
    this.requireSignature(request.url, request.headers);
    const authorization = header(request.headers, 'authorization');
    if (this.mode !== 'strict' || authorization?.startsWith('Bearer ')) return;
    const match = authorization ? AUTH.exec(authorization.trim()) : null;
    if (!match) throw new BedrockError('InvalidSignatureException', 'Authorization header requires a valid SigV4 Credential, SignedHeaders and Signature.');
    const [, accessKeyId, , region, service, signedHeaderList, signature] = match;
    const secretAccessKey = this.secrets.get(accessKeyId);
    if (secretAccessKey === undefined) throw new BedrockError('UnrecognizedClientException');
    const signingDate = parseAmzDate(header(request.headers, 'x-amz-date'));
    if (!signingDate) throw new BedrockError('InvalidSignatureException', 'Missing or malformed X-Amz-Date header.');
    const expected = await this.sign(request, { accessKeyId, secretAccessKey }, region, service, signedHeaderList.split(';'), signingDate);
    if (expected !== signature) throw new BedrockError('InvalidSignatureException');
  }

  private async sign(
    request: SignedRequest,
    credentials: SigningCredentials,
    region: string,
    service: string,
    signedHeaders: string[],
    signingDate: Date,
  ): Promise<string | undefined> {
    const queryStart = request.url.indexOf('?');
    const path = queryStart >= 0 ? request.url.slice(0, queryStart) : request.url;
    const query: Record<string, string | string[]> = {};
    if (queryStart >= 0) {
      for (const [key, value] of new URLSearchParams(request.url.slice(queryStart + 1))) {
        const existing = query[key];
        query[key] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
      }
    }
    const headers: Record<string, string> = {};
    for (const name of signedHeaders) {
      const value = name === 'host' ? (header(request.headers, 'host') ?? header(request.headers, ':authority')) : header(request.headers, name);
      if (value !== undefined) headers[name] = value;
    }
    const signer = new SignatureV4({ credentials, region, service, sha256: NodeSha256, uriEscapePath: true, applyChecksum: false });
    const toSign: HttpRequest = {
      method: request.method,
      protocol: 'http:',
      hostname: (headers.host ?? '').split(':')[0],
      path,
      query,
      headers,
      body: request.body,
    };
    const signed = await signer.sign(toSign, { signingDate, signableHeaders: new Set(signedHeaders), signingRegion: region, signingService: service });
    const match = AUTH.exec(String(signed.headers.authorization ?? signed.headers.Authorization ?? ''));
    return match?.[6];
  }
}
