import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { S3Error } from '../errors.js';
import { FileBlobStore, MemoryBlobStore, type BlobStore } from './BlobStore.js';
import { compositeChecksum, isComputed, multipartEtag, ObjectDigests, type ChecksumAlgorithm, type StoredChecksum } from './checksums.js';
import { MetadataFiles } from './MetadataFiles.js';
import type { BucketRecord, ObjectHeaders, ObjectRecord, PartRecord, UploadRecord } from './records.js';

/** What a write of bytes is checked against once they have all arrived. */
export interface WriteChecks {
  checksumAlgorithm?: ChecksumAlgorithm;
  /** Called after the body ended (a trailer arrives last): the checksum the client sent, if any. */
  expectedChecksum?: () => string | undefined;
  /** Binary MD5 from `Content-MD5`. */
  expectedMd5?: Buffer;
  maxBytes: number;
}

/** A change the notifications follow. */
export type StoreChange =
  | { kind: 'ObjectCreated'; how: 'Put' | 'Copy' | 'CompleteMultipartUpload'; bucket: string; object: ObjectRecord }
  | { kind: 'ObjectRemoved'; how: 'Delete'; bucket: string; key: string; sequence: number };

/** Buckets, objects and multipart uploads: an index in memory, records and bytes on disk unless ephemeral. */
export class S3Store {
  private readonly buckets = new Map<string, BucketRecord>();
  private readonly objects = new Map<string, Map<string, ObjectRecord>>();
  private readonly uploads = new Map<string, UploadRecord>();
  private readonly sequences = new Map<string, number>();
  private readonly listeners: ((change: StoreChange) => void | Promise<void>)[] = [];
  private readonly blobs: BlobStore;
  private readonly files: MetadataFiles | undefined;

  /** `dir`: where to keep everything; undefined keeps it in memory. */
  constructor(private readonly dir?: string) {
    this.blobs = dir ? new FileBlobStore(dir) : new MemoryBlobStore();
    this.files = dir ? new MetadataFiles(dir) : undefined;
  }

  async open(): Promise<void> {
    if (!this.files || !(this.blobs instanceof FileBlobStore)) return;
    await this.blobs.open();
    const loaded = await this.files.load();
    const used = new Set<string>();
    for (const bucket of loaded.buckets) {
      this.buckets.set(bucket.name, bucket);
      const index = new Map<string, ObjectRecord>();
      for (const record of loaded.objects.get(bucket.name) ?? []) {
        index.set(record.key, record);
        used.add(record.blob);
        this.sequences.set(bucket.name, Math.max(this.sequences.get(bucket.name) ?? 0, record.sequence));
      }
      this.objects.set(bucket.name, index);
    }
    for (const upload of loaded.uploads) {
      this.uploads.set(upload.uploadId, upload);
      for (const part of Object.values(upload.parts)) used.add(part.blob);
    }
    // Bytes whose record was never committed (a kill between the two renames) belong to nothing.
    for (const blob of await this.blobs.list()) if (!used.has(blob)) await this.blobs.remove(blob);
  }

  /** Follows changes; a listener's promise is awaited before the request that made the change is answered. */
  onChange(listener: (change: StoreChange) => void | Promise<void>): void {
    this.listeners.push(listener);
  }

  private async emit(change: StoreChange): Promise<void> {
    for (const listener of this.listeners) await listener(change);
  }

  // Buckets

  async createBucket(name: string, region: string): Promise<BucketRecord> {
    if (this.buckets.has(name)) throw new S3Error('BucketAlreadyOwnedByYou', undefined, { BucketName: name });
    const bucket: BucketRecord = { name, region, creationDate: new Date().toISOString() };
    await this.files?.saveBucket(bucket);
    this.buckets.set(name, bucket);
    this.objects.set(name, new Map());
    return bucket;
  }

  bucket(name: string): BucketRecord {
    const bucket = this.buckets.get(name);
    if (!bucket) throw new S3Error('NoSuchBucket', undefined, { BucketName: name });
    return bucket;
  }

  hasBucket(name: string): boolean {
    return this.buckets.has(name);
  }

  listBuckets(): BucketRecord[] {
    return [...this.buckets.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async updateBucket(name: string, change: Partial<Omit<BucketRecord, 'name' | 'creationDate' | 'region'>>): Promise<BucketRecord> {
    const bucket = { ...this.bucket(name), ...change };
    for (const [field, value] of Object.entries(change)) if (value === undefined) delete (bucket as unknown as Record<string, unknown>)[field];
    await this.files?.saveBucket(bucket);
    this.buckets.set(name, bucket);
    return bucket;
  }

  async deleteBucket(name: string): Promise<void> {
    this.bucket(name);
    if (this.objects.get(name)?.size) throw new S3Error('BucketNotEmpty', undefined, { BucketName: name });
    await this.files?.removeBucket(name);
    this.buckets.delete(name);
    this.objects.delete(name);
  }

  // Objects

  /** The bucket's objects sorted by key (UTF-8 byte order, as S3 lists them). */
  listObjects(bucket: string): ObjectRecord[] {
    this.bucket(bucket);
    return [...this.objects.get(bucket)!.values()].sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  }

  object(bucket: string, key: string): ObjectRecord {
    this.bucket(bucket);
    const record = this.objects.get(bucket)!.get(key);
    if (!record) throw new S3Error('NoSuchKey', undefined, { Key: key });
    return record;
  }

  read(record: ObjectRecord, range?: { start: number; end: number }): Readable {
    return this.blobs.read(record.blob, range);
  }

  async putObject(bucket: string, key: string, source: AsyncIterable<Uint8Array>, headers: ObjectHeaders, checks: WriteChecks): Promise<ObjectRecord> {
    this.bucket(bucket);
    const written = await this.writeChecked(source, checks);
    const record: ObjectRecord = {
      ...headers,
      key,
      blob: written.blob,
      size: written.size,
      etag: `"${written.md5.toString('hex')}"`,
      lastModified: new Date().toISOString(),
      checksum: written.checksum && checks.checksumAlgorithm ? { algorithm: checks.checksumAlgorithm, value: written.checksum, type: 'FULL_OBJECT' } : undefined,
      sequence: 0,
    };
    return this.commit(bucket, record, 'Put');
  }

  async copyObject(source: ObjectRecord, bucket: string, key: string, headers: ObjectHeaders, maxBytes: number): Promise<ObjectRecord> {
    this.bucket(bucket);
    const algorithm = source.checksum?.algorithm && isComputed(source.checksum.algorithm) ? source.checksum.algorithm : undefined;
    const written = await this.writeChecked(this.read(source), { checksumAlgorithm: algorithm, maxBytes });
    const record: ObjectRecord = {
      ...headers,
      key,
      blob: written.blob,
      size: written.size,
      etag: `"${written.md5.toString('hex')}"`,
      lastModified: new Date().toISOString(),
      checksum: algorithm && written.checksum ? { algorithm, value: written.checksum, type: 'FULL_OBJECT' } : undefined,
      sequence: 0,
    };
    return this.commit(bucket, record, 'Copy');
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    this.bucket(bucket);
    const index = this.objects.get(bucket)!;
    const record = index.get(key);
    if (!record) return;
    await this.files?.removeObject(bucket, key);
    index.delete(key);
    await this.blobs.remove(record.blob);
    await this.emit({ kind: 'ObjectRemoved', how: 'Delete', bucket, key, sequence: this.nextSequence(bucket) });
  }

  private nextSequence(bucket: string): number {
    const next = (this.sequences.get(bucket) ?? 0) + 1;
    this.sequences.set(bucket, next);
    return next;
  }

  private async commit(bucket: string, record: ObjectRecord, how: 'Put' | 'Copy' | 'CompleteMultipartUpload'): Promise<ObjectRecord> {
    const index = this.objects.get(bucket);
    if (!index) {
      // The bucket went away while the bytes arrived.
      await this.blobs.remove(record.blob);
      throw new S3Error('NoSuchBucket', undefined, { BucketName: bucket });
    }
    record.sequence = this.nextSequence(bucket);
    await this.files?.saveObject(bucket, record);
    const previous = index.get(record.key);
    index.set(record.key, record);
    if (previous) await this.blobs.remove(previous.blob);
    await this.emit({ kind: 'ObjectCreated', how, bucket, object: record });
    return record;
  }

  private async writeChecked(source: AsyncIterable<Uint8Array>, checks: WriteChecks): Promise<{ blob: string; size: number; md5: Buffer; checksum?: string }> {
    const digests = new ObjectDigests(checks.checksumAlgorithm && isComputed(checks.checksumAlgorithm) ? checks.checksumAlgorithm : undefined);
    const blob = await this.blobs.write(source, digests, checks.maxBytes);
    const { md5, checksum } = digests.finish();
    const expected = checks.expectedChecksum?.();
    try {
      if (checks.expectedMd5 && !checks.expectedMd5.equals(md5)) throw new S3Error('BadDigest');
      if (expected !== undefined && checksum !== undefined && expected !== checksum) {
        throw new S3Error('BadDigest', `The ${checks.checksumAlgorithm} you specified did not match the calculated checksum.`);
      }
    } catch (error) {
      await this.blobs.remove(blob);
      throw error;
    }
    return { blob, size: digests.size, md5, checksum: checksum ?? expected };
  }

  // Multipart uploads

  async createUpload(bucket: string, key: string, headers: ObjectHeaders, checksumAlgorithm?: ChecksumAlgorithm, checksumType?: 'FULL_OBJECT' | 'COMPOSITE'): Promise<UploadRecord> {
    this.bucket(bucket);
    const upload: UploadRecord = {
      ...headers,
      uploadId: randomBytes(24).toString('base64url'),
      bucket,
      key,
      initiated: new Date().toISOString(),
      checksumAlgorithm,
      checksumType: checksumAlgorithm ? (checksumType ?? 'COMPOSITE') : undefined,
      parts: {},
    };
    await this.files?.saveUpload(upload);
    this.uploads.set(upload.uploadId, upload);
    return upload;
  }

  upload(bucket: string, key: string, uploadId: string): UploadRecord {
    this.bucket(bucket);
    const upload = this.uploads.get(uploadId);
    if (!upload || upload.bucket !== bucket || upload.key !== key) throw new S3Error('NoSuchUpload', undefined, { UploadId: uploadId });
    return upload;
  }

  listUploads(bucket: string): UploadRecord[] {
    return [...this.uploads.values()].filter((upload) => upload.bucket === bucket);
  }

  async putPart(upload: UploadRecord, partNumber: number, source: AsyncIterable<Uint8Array>, checks: WriteChecks): Promise<PartRecord> {
    const written = await this.writeChecked(source, { ...checks, checksumAlgorithm: checks.checksumAlgorithm ?? upload.checksumAlgorithm });
    const part: PartRecord = {
      partNumber,
      blob: written.blob,
      size: written.size,
      md5: written.md5.toString('hex'),
      etag: `"${written.md5.toString('hex')}"`,
      lastModified: new Date().toISOString(),
      checksum: written.checksum,
    };
    if (!this.uploads.has(upload.uploadId)) {
      await this.blobs.remove(part.blob);
      throw new S3Error('NoSuchUpload', undefined, { UploadId: upload.uploadId });
    }
    const previous = upload.parts[partNumber];
    upload.parts[partNumber] = part;
    await this.files?.saveUpload(upload);
    if (previous) await this.blobs.remove(previous.blob);
    return part;
  }

  /**
   * Joins the listed parts into the object (S3's rules: ascending part numbers, ETags that match,
   * every part but the last at least `minPartSize`), then drops the upload.
   */
  async completeUpload(upload: UploadRecord, requested: { partNumber: number; etag: string }[], limits: { minPartSize: number; maxBytes: number }): Promise<ObjectRecord> {
    if (!requested.length) throw new S3Error('MalformedXML');
    const parts: PartRecord[] = [];
    for (const [i, want] of requested.entries()) {
      if (i > 0 && want.partNumber <= requested[i - 1].partNumber) throw new S3Error('InvalidPartOrder');
      const part = upload.parts[want.partNumber];
      if (!part || normaliseEtag(want.etag) !== part.md5) throw new S3Error('InvalidPart', undefined, { UploadId: upload.uploadId, PartNumber: String(want.partNumber), ETag: want.etag });
      parts.push(part);
    }
    for (const part of parts.slice(0, -1)) {
      if (part.size < limits.minPartSize) {
        throw new S3Error('EntityTooSmall', undefined, { ProposedSize: String(part.size), MinSizeAllowed: String(limits.minPartSize), PartNumber: String(part.partNumber), ETag: part.etag });
      }
    }
    const algorithm = upload.checksumAlgorithm && isComputed(upload.checksumAlgorithm) ? upload.checksumAlgorithm : undefined;
    const fullObject = upload.checksumType === 'FULL_OBJECT';
    const blobs = this.blobs;
    async function* joined(): AsyncGenerator<Uint8Array> {
      for (const part of parts) yield* blobs.read(part.blob);
    }
    const written = await this.writeChecked(joined(), { checksumAlgorithm: fullObject ? algorithm : undefined, maxBytes: limits.maxBytes });
    let checksum: StoredChecksum | undefined;
    if (algorithm && fullObject && written.checksum) checksum = { algorithm, value: written.checksum, type: 'FULL_OBJECT' };
    else if (algorithm && parts.every((part) => part.checksum)) {
      const value = compositeChecksum(algorithm, parts.map((part) => part.checksum!));
      if (value) checksum = { algorithm, value, type: 'COMPOSITE' };
    }
    const record: ObjectRecord = {
      contentType: upload.contentType,
      contentEncoding: upload.contentEncoding,
      contentDisposition: upload.contentDisposition,
      contentLanguage: upload.contentLanguage,
      cacheControl: upload.cacheControl,
      expires: upload.expires,
      metadata: upload.metadata,
      key: upload.key,
      blob: written.blob,
      size: written.size,
      etag: multipartEtag(parts.map((part) => Buffer.from(part.md5, 'hex'))),
      lastModified: new Date().toISOString(),
      checksum,
      partsCount: parts.length,
      sequence: 0,
    };
    const committed = await this.commit(upload.bucket, record, 'CompleteMultipartUpload');
    await this.dropUpload(upload);
    return committed;
  }

  async abortUpload(upload: UploadRecord): Promise<void> {
    await this.dropUpload(upload);
  }

  private async dropUpload(upload: UploadRecord): Promise<void> {
    this.uploads.delete(upload.uploadId);
    await this.files?.removeUpload(upload.uploadId);
    for (const part of Object.values(upload.parts)) await this.blobs.remove(part.blob);
  }
}

function normaliseEtag(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '').toLowerCase();
}
