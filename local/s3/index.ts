/**
 * The local Amazon S3: REST/XML protocol on its own port (path-style and `<bucket>.localhost`
 * virtual-hosted), buckets, objects, multipart uploads, presigned URLs (SigV4 query signing
 * verified), CORS, checksums, versioning (versions, delete markers, ListObjectVersions); data under `.local/s3/` (or memory). See docs/s3.md.
 *
 * Known limitations: header-signed requests are not verified (any SigV4 Authorization passes, none is
 * refused); UploadPartCopy, ACLs, policies,
 * tagging, lifecycle, website, object lock, SSE and Select answer NotImplemented; CRC64NVME checksums
 * are stored as sent, not computed.
 */
export { startS3Server, type RunningS3, type S3ServerOptions } from './server/startS3Server.js';
export { S3Store, type StoreChange } from './store/S3Store.js';
export { S3Error, S3_ERRORS, type S3ErrorCode } from './errors.js';
export type { BucketRecord, ObjectRecord } from './store/records.js';
export { startS3Notifications, type S3Notifications } from './notifications/startS3Notifications.js';
export { s3EventRecord, eventKey } from './notifications/s3EventRecord.js';
