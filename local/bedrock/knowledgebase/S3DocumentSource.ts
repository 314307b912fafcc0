import { GetObjectCommand, paginateListObjectsV2, S3Client } from '@aws-sdk/client-s3';

/** An object as a listing shows it: what incremental ingestion compares. */
export interface ListedObject {
  key: string;
  etag: string;
  lastModified: string;
  size: number;
}

/**
 * A data source's bucket, read through the S3 API (the kit's local S3, or any endpoint), so the
 * fake Bedrock reads data sources the same way whether it runs in the kit's process or its own
 * container. `endpoint` undefined: the SDK's own resolution (`AWS_ENDPOINT_URL_S3`, or AWS).
 */
export class S3DocumentSource {
  private readonly client: S3Client;

  constructor(endpoint: string | undefined) {
    this.client = new S3Client({
      region: process.env.AWS_REGION ?? 'us-east-1',
      ...(endpoint ? { endpoint, forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
      maxAttempts: 3,
    });
  }

  /** Every object under the inclusion prefixes (the whole bucket when there are none), once each. */
  async list(bucket: string, prefixes: string[] | undefined): Promise<ListedObject[]> {
    const objects = new Map<string, ListedObject>();
    for (const prefix of prefixes?.length ? prefixes : ['']) {
      for await (const page of paginateListObjectsV2({ client: this.client }, { Bucket: bucket, Prefix: prefix || undefined })) {
        for (const object of page.Contents ?? []) {
          if (!object.Key || object.Key.endsWith('/')) continue;
          objects.set(object.Key, { key: object.Key, etag: object.ETag ?? '', lastModified: object.LastModified?.toISOString() ?? '', size: object.Size ?? 0 });
        }
      }
    }
    return [...objects.values()].sort((a, b) => a.key.localeCompare(b.key));
  }

  async read(bucket: string, key: string): Promise<Uint8Array> {
    const answer = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await answer.Body?.transformToByteArray()) ?? new Uint8Array();
  }

  destroy(): void {
    this.client.destroy();
  }
}
