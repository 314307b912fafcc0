import type { CORSRule, NotificationConfiguration } from '@aws-sdk/client-s3';
import type { ChecksumAlgorithm, StoredChecksum } from './checksums.js';

/** A bucket and its configuration, as kept in `buckets/<name>/bucket.json`. */
export interface BucketRecord {
  name: string;
  creationDate: string;
  region: string;
  cors?: CORSRule[];
  notification?: NotificationConfiguration;
  versioning?: 'Enabled' | 'Suspended';
}

/** The headers S3 stores with an object and gives back on GET/HEAD. */
export interface ObjectHeaders {
  contentType?: string;
  contentEncoding?: string;
  contentDisposition?: string;
  contentLanguage?: string;
  cacheControl?: string;
  expires?: string;
  /** `x-amz-meta-*`, names lower-cased as S3 keeps them. */
  metadata: Record<string, string>;
}

/** One stored object version. */
export interface ObjectRecord extends ObjectHeaders {
  key: string;
  /** Absent: the `null` version (a bucket never enabled, or a write while Suspended). */
  versionId?: string;
  blob: string;
  size: number;
  /** Quoted, as on the wire. */
  etag: string;
  lastModified: string;
  checksum?: StoredChecksum;
  partsCount?: number;
  /** Increasing per bucket: the `sequencer` of S3 events. */
  sequence: number;
}

/** A delete marker: a version with no data that makes S3 behave as if the key were deleted. */
export interface DeleteMarkerRecord {
  key: string;
  versionId?: string;
  deleteMarker: true;
  lastModified: string;
  sequence: number;
}

export type VersionRecord = ObjectRecord | DeleteMarkerRecord;

export function isDeleteMarker(record: VersionRecord): record is DeleteMarkerRecord {
  return 'deleteMarker' in record && record.deleteMarker === true;
}

/** A key's versions, newest first, as kept in `buckets/<name>/objects/<sha256(key)>.json`. */
export interface KeyVersionsRecord {
  key: string;
  versions: VersionRecord[];
}

export interface PartRecord {
  partNumber: number;
  blob: string;
  size: number;
  etag: string;
  md5: string;
  lastModified: string;
  checksum?: string;
}

export interface UploadRecord extends ObjectHeaders {
  uploadId: string;
  bucket: string;
  key: string;
  initiated: string;
  checksumAlgorithm?: ChecksumAlgorithm;
  checksumType?: 'FULL_OBJECT' | 'COMPOSITE';
  parts: Record<string, PartRecord>;
}
