import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';

/** The checksum algorithms S3 offers (`ChecksumAlgorithm` in the s3 model). CRC64NVME is stored as sent, not computed. */
export type ChecksumAlgorithm = 'CRC32' | 'CRC32C' | 'SHA1' | 'SHA256' | 'CRC64NVME';
export const CHECKSUM_ALGORITHMS: readonly ChecksumAlgorithm[] = ['CRC32', 'CRC32C', 'SHA1', 'SHA256', 'CRC64NVME'];

/** A stored checksum: base64 value, composite (`…-N`, of a multipart upload's parts) or of the full object. */
export interface StoredChecksum {
  algorithm: ChecksumAlgorithm;
  value: string;
  type: 'FULL_OBJECT' | 'COMPOSITE';
}

const CRC32C_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32c(data: Uint8Array, previous = 0): number {
  let crc = ~previous >>> 0;
  for (const byte of data) crc = CRC32C_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return ~crc >>> 0;
}

function uint32Base64(value: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value >>> 0);
  return bytes.toString('base64');
}

/** One running checksum, fed chunk by chunk. */
interface RunningChecksum {
  update(chunk: Uint8Array): void;
  /** Base64, as S3 writes it in `x-amz-checksum-*`. */
  digest(): string;
}

function running(algorithm: ChecksumAlgorithm): RunningChecksum | undefined {
  switch (algorithm) {
    case 'CRC32': {
      let value = 0;
      return { update: (chunk) => (value = crc32(chunk, value)), digest: () => uint32Base64(value) };
    }
    case 'CRC32C': {
      let value = 0;
      return { update: (chunk) => (value = crc32c(chunk, value)), digest: () => uint32Base64(value) };
    }
    case 'SHA1':
    case 'SHA256': {
      const hash: Hash = createHash(algorithm === 'SHA1' ? 'sha1' : 'sha256');
      return { update: (chunk) => hash.update(chunk), digest: () => hash.digest('base64') };
    }
    default:
      return undefined;
  }
}

/** MD5 (the ETag) and, when asked, one of S3's checksums, computed as the bytes pass. */
export class ObjectDigests {
  private readonly md5 = createHash('md5');
  private readonly checksum: RunningChecksum | undefined;
  size = 0;

  constructor(readonly algorithm?: ChecksumAlgorithm) {
    this.checksum = algorithm ? running(algorithm) : undefined;
  }

  update(chunk: Uint8Array): void {
    this.size += chunk.length;
    this.md5.update(chunk);
    this.checksum?.update(chunk);
  }

  /** `{ md5Hex, checksum }`; `checksum` is undefined when no algorithm (or one not computed here) was asked for. */
  finish(): { md5: Buffer; checksum: string | undefined } {
    return { md5: this.md5.digest(), checksum: this.checksum?.digest() };
  }
}

/** Whether the local S3 computes (and so verifies) this algorithm. */
export function isComputed(algorithm: ChecksumAlgorithm): boolean {
  return algorithm !== 'CRC64NVME';
}

/** A multipart upload's composite checksum: the checksum of the parts' checksums, then `-N`. */
export function compositeChecksum(algorithm: ChecksumAlgorithm, partChecksums: string[]): string | undefined {
  const hash = running(algorithm);
  if (!hash) return undefined;
  for (const part of partChecksums) hash.update(Buffer.from(part, 'base64'));
  return `${hash.digest()}-${partChecksums.length}`;
}

/** S3's multipart ETag: the MD5 of the parts' binary MD5s, then `-N`, quoted. */
export function multipartEtag(partMd5s: Buffer[]): string {
  const md5 = createHash('md5');
  for (const part of partMd5s) md5.update(part);
  return `"${md5.digest('hex')}-${partMd5s.length}"`;
}
