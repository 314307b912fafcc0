import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { S3Error } from '../errors.js';
import { FileBlobStore, MemoryBlobStore, type BlobStore } from './BlobStore.js';
import { compositeChecksum, isComputed, multipartEtag, ObjectDigests, type ChecksumAlgorithm, type StoredChecksum } from './checksums.js';
import { MetadataFiles } from './MetadataFiles.js';
import { isDeleteMarker, type BucketRecord, type DeleteMarkerRecord, type ObjectHeaders, type ObjectRecord, type PartRecord, type UploadRecord, type VersionRecord } from './records.js';
import { newVersionId, sameVersion } from './versionIds.js';

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
  | { kind: 'ObjectRemoved'; how: 'Delete' | 'DeleteMarkerCreated'; bucket: string; key: string; versionId?: string; sequence: number };

/** What a DeleteObject did: the version removed or the delete marker created (S3 answers both). */
export interface DeleteOutcome {
  versionId?: string;
  deleteMarker: boolean;
}

/** Buckets, objects and multipart uploads: an index in memory, records and bytes on disk unless ephemeral. */
export class S3Store {
  private readonly buckets = new Map<string, BucketRecord>();
  /** Per bucket, per key: its versions, newest (the current one) first. */
  private readonly objects = new Map<string, Map<string, VersionRecord[]>>();
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
      const index = new Map<string, VersionRecord[]>();
      for (const entry of loaded.objects.get(bucket.name) ?? []) {
        if (!entry.versions.length) continue;
        index.set(entry.key, entry.versions);
        for (const version of entry.versions) {
          if (!isDeleteMarker(version)) used.add(version.blob);
          this.sequences.set(bucket.name, Math.max(this.sequences.get(bucket.name) ?? 0, version.sequence));
        }
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
    // Noncurrent versions and delete markers keep a bucket from being empty too.
    if (this.objects.get(name)?.size) throw new S3Error('BucketNotEmpty', undefined, { BucketName: name });
    await this.files?.removeBucket(name);
    this.buckets.delete(name);
    this.objects.delete(name);
  }

  // Objects

  /** The bucket's current objects (delete markers hide theirs) sorted by key (UTF-8 byte order, as S3 lists them). */
  listObjects(bucket: string): ObjectRecord[] {
    this.bucket(bucket);
    const current: ObjectRecord[] = [];
    for (const versions of this.objects.get(bucket)!.values()) if (!isDeleteMarker(versions[0])) current.push(versions[0]);
    return current.sort(byKey);
  }

  /** Every version and delete marker, by key (UTF-8 byte order), newest first within a key. */
  listVersions(bucket: string): { record: VersionRecord; isLatest: boolean }[] {
    this.bucket(bucket);
    const keys = [...this.objects.get(bucket)!.entries()].sort(([a], [b]) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
    return keys.flatMap(([, versions]) => versions.map((record, i) => ({ record, isLatest: i === 0 })));
  }

  /**
   * The current object; a key whose current version is a delete marker is NoSuchKey with
   * `x-amz-delete-marker: true` (S3 user guide, "Working with delete markers", read 2026-12-07).
   */
  object(bucket: string, key: string): ObjectRecord {
    this.bucket(bucket);
    const current = this.objects.get(bucket)!.get(key)?.[0];
    if (!current) throw new S3Error('NoSuchKey', undefined, { Key: key });
    if (isDeleteMarker(current)) throw new S3Error('NoSuchKey', undefined, { Key: key }, undefined, deleteMarkerHeaders(current));
    return current;
  }

  /**
   * One version by id (`null` names the null version). A version that is a delete marker is 405
   * MethodNotAllowed with `x-amz-delete-marker: true` and `Last-Modified` (GetObject API reference,
   * read 2026-12-07); an unknown one is NoSuchVersion.
   */
  objectVersion(bucket: string, key: string, versionId: string): ObjectRecord {
    const record = this.findVersion(bucket, key, versionId);
    if (isDeleteMarker(record)) {
      throw new S3Error('MethodNotAllowed', undefined, { Method: 'GET', ResourceType: 'DeleteMarker' }, undefined, { ...deleteMarkerHeaders(record), 'last-modified': new Date(record.lastModified).toUTCString() });
    }
    return record;
  }

  private findVersion(bucket: string, key: string, versionId: string): VersionRecord {
    this.bucket(bucket);
    const record = this.objects.get(bucket)!.get(key)?.find((version) => sameVersion(version.versionId, versionId));
    if (!record) throw new S3Error('NoSuchVersion', undefined, { Key: key, VersionId: versionId });
    return record;
  }

  read(record: ObjectRecord, range?: { start: number; end: number }): Readable {
    return this.blobs.read(record.blob, range);
  }

  async putObject(bucket: string, key: string, source: AsyncIterable<Uint8Array>, headers: ObjectHeaders, checks: WriteChecks): Promise<ObjectRecord> {
    this.bucket(bucket);
    const written = await this.writeChecked(source, checks);
    return this.commit(bucket, writtenRecord(key, headers, written, checks.checksumAlgorithm), 'Put');
  }

  async copyObject(source: ObjectRecord, bucket: string, key: string, headers: ObjectHeaders, maxBytes: number): Promise<ObjectRecord> {
    this.bucket(bucket);
    const algorithm = source.checksum?.algorithm && isComputed(source.checksum.algorithm) ? source.checksum.algorithm : undefined;
    const written = await this.writeChecked(this.read(source), { checksumAlgorithm: algorithm, maxBytes });
    return this.commit(bucket, writtenRecord(key, headers, written, algorithm), 'Copy');
  }

  /**
   * DeleteObject as S3 does it (S3 user guide, "Deleting object versions", read 2026-12-07): with a
   * version id, that version (or delete marker) is removed for good; without one, a never-versioned
   * bucket removes the object, an Enabled bucket adds a delete marker with a new version id, a
   * Suspended bucket replaces the null version with a null delete marker.
   */
  async deleteObject(bucket: string, key: string, versionId?: string): Promise<DeleteOutcome> {
    const status = this.bucket(bucket).versioning;
    const index = this.objects.get(bucket)!;
    const versions = index.get(key) ?? [];
    if (versionId !== undefined) {
      const found = versions.find((version) => sameVersion(version.versionId, versionId));
      // Deleting a version that is not there succeeds, as deleting a missing key does.
      if (!found) return { versionId, deleteMarker: false };
      await this.saveVersions(bucket, key, versions.filter((version) => version !== found));
      if (!isDeleteMarker(found)) await this.blobs.remove(found.blob);
      await this.emit({ kind: 'ObjectRemoved', how: 'Delete', bucket, key, versionId: found.versionId ?? 'null', sequence: this.nextSequence(bucket) });
      return { versionId: found.versionId ?? 'null', deleteMarker: isDeleteMarker(found) };
    }
    if (!status) {
      if (!versions.length) return { deleteMarker: false };
      await this.saveVersions(bucket, key, []);
      for (const version of versions) if (!isDeleteMarker(version)) await this.blobs.remove(version.blob);
      await this.emit({ kind: 'ObjectRemoved', how: 'Delete', bucket, key, sequence: this.nextSequence(bucket) });
      return { deleteMarker: false };
    }
    const marker: DeleteMarkerRecord = { key, versionId: status === 'Enabled' ? newVersionId() : undefined, deleteMarker: true, lastModified: new Date().toISOString(), sequence: this.nextSequence(bucket) };
    const replaced = marker.versionId === undefined ? versions.filter((version) => version.versionId === undefined) : [];
    await this.saveVersions(bucket, key, [marker, ...versions.filter((version) => !replaced.includes(version))]);
    for (const version of replaced) if (!isDeleteMarker(version)) await this.blobs.remove(version.blob);
    await this.emit({ kind: 'ObjectRemoved', how: 'DeleteMarkerCreated', bucket, key, versionId: marker.versionId ?? 'null', sequence: marker.sequence });
    return { versionId: marker.versionId ?? 'null', deleteMarker: true };
  }

  /** Records a key's versions on disk (one atomic rename), then in the index. */
  private async saveVersions(bucket: string, key: string, versions: VersionRecord[]): Promise<void> {
    const index = this.objects.get(bucket)!;
    if (versions.length) {
      await this.files?.saveKey(bucket, key, versions);
      index.set(key, versions);
    } else {
      await this.files?.removeObject(bucket, key);
      index.delete(key);
    }
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
    // Enabled: a new version id, older versions kept. Otherwise the write is the null version and replaces the previous null version.
    const enabled = this.buckets.get(bucket)?.versioning === 'Enabled';
    record.versionId = enabled ? newVersionId() : undefined;
    const versions = index.get(record.key) ?? [];
    const replaced = enabled ? [] : versions.filter((version) => version.versionId === undefined);
    await this.saveVersions(bucket, record.key, [record, ...versions.filter((version) => !replaced.includes(version))]);
    for (const version of replaced) if (!isDeleteMarker(version)) await this.blobs.remove(version.blob);
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

function byKey(a: { key: string }, b: { key: string }): number {
  return Buffer.compare(Buffer.from(a.key), Buffer.from(b.key));
}

function deleteMarkerHeaders(record: DeleteMarkerRecord): Record<string, string> {
  return { 'x-amz-delete-marker': 'true', 'x-amz-version-id': record.versionId ?? 'null' };
}

function normaliseEtag(etag: string): string {
  return etag.trim().replace(/^"|"$/g, '').toLowerCase();
}

/** The record of an object whose bytes were just written in one piece (PUT, copy): MD5 ETag, a full-object checksum when one was computed. */
function writtenRecord(key: string, headers: ObjectHeaders, written: { blob: string; size: number; md5: Buffer; checksum?: string }, algorithm: WriteChecks['checksumAlgorithm']): ObjectRecord {
  return {
    ...headers,
    key,
    blob: written.blob,
    size: written.size,
    etag: `"${written.md5.toString('hex')}"`,
    lastModified: new Date().toISOString(),
    checksum: algorithm && written.checksum ? { algorithm, value: written.checksum, type: 'FULL_OBJECT' } : undefined,
    sequence: 0,
  };
}
