import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';

export const LOCAL_KEYS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** An SDK client for the local S3, path-style, with the SDK's default checksums. */
export function s3Client(endpoint: string, config: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: LOCAL_KEYS, maxAttempts: 1, ...config });
}
