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

/** One stored object version (the current one; versioning keeps no history yet). */
export interface ObjectRecord extends ObjectHeaders {
  key: string;
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
