import { S3Error } from './errors.js';

/**
 * S3's rules for general purpose bucket names (user guide, "Bucket naming rules", read 2026-12-07):
 * 3–63 characters of lower-case letters, digits, dots and hyphens, starting and ending with a letter
 * or digit, no two adjacent dots, not an IP address, none of the reserved prefixes and suffixes.
 */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return 'Bucket name must be between 3 (min) and 63 (max) characters long.';
  if (!/^[a-z0-9][a-z0-9.-]*[a-z0-9]$/.test(name)) return 'Bucket name can consist only of lowercase letters, numbers, dots (.), and hyphens (-), and must begin and end with a letter or number.';
  if (name.includes('..')) return 'Bucket name must not contain two adjacent periods.';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return 'Bucket name must not be formatted as an IP address.';
  if (/^(xn--|sthree-|amzn-s3-demo-)/.test(name) || /(-s3alias|--ol-s3|\.mrap|--x-s3|--table-s3)$/.test(name)) return 'Bucket name uses a reserved prefix or suffix.';
  return undefined;
}

export function assertBucketName(name: string): void {
  const problem = bucketNameProblem(name);
  if (problem) throw new S3Error('InvalidBucketName', 'The specified bucket is not valid.', { BucketName: name });
}
