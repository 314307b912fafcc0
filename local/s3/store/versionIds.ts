import { randomBytes } from 'node:crypto';
import { S3Error } from '../errors.js';

/**
 * Version ids: S3's are opaque URL-ready strings of up to 1,024 bytes (S3 user guide, "How S3
 * Versioning works", read 2026-12-07); the local S3 makes 32 base64url characters. `null` names the
 * null version of a bucket never enabled or written while Suspended.
 */
const VERSION_ID = /^[A-Za-z0-9_-]{32}$/;

export function newVersionId(): string {
  return randomBytes(24).toString('base64url');
}

/** A `versionId` parameter that is neither `null` nor an id S3 could have made is InvalidArgument. */
export function checkVersionId(value: string): string {
  if (value !== 'null' && !VERSION_ID.test(value)) throw new S3Error('InvalidArgument', 'Invalid version id specified', { ArgumentName: 'versionId', ArgumentValue: value });
  return value;
}

/** Whether a stored version id (absent for the null version) is the one a request names. */
export function sameVersion(stored: string | undefined, requested: string): boolean {
  return (stored ?? 'null') === requested;
}
