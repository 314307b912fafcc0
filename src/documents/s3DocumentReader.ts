/** Reads an uploaded document's bytes from S3 for the extract-text task, refusing one too large to process. */
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { UnreadableDocumentError } from './errors.js';

export async function readDocumentObject(client: S3Client, location: { bucket: string; key: string }, maxBytes: number): Promise<Buffer> {
  let body: Uint8Array;
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
    if ((object.ContentLength ?? 0) > maxBytes) throw new UnreadableDocumentError('The uploaded document is larger than the pipeline reads; upload a smaller document');
    body = await object.Body!.transformToByteArray();
  } catch (error) {
    if (error instanceof UnreadableDocumentError) throw error;
    if ((error as Error).name === 'NoSuchKey') throw new UnreadableDocumentError('The uploaded document is no longer there', { cause: error });
    throw error;
  }
  return Buffer.from(body);
}
