import type { DeleteObjectsCommandOutput } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';
import { bodyBuffer, requireBucket, type S3Reply, type S3Request } from '../server/S3Request.js';
import { many, parseRequestXml, text, xmlDocument } from '../xml.js';

/** DeleteObjects: up to 1,000 keys; a missing key counts as deleted, as on S3. */
export async function deleteObjects(request: S3Request): Promise<S3Reply> {
  const bucket = requireBucket(request);
  request.store.bucket(bucket);
  const document = parseRequestXml(await bodyBuffer(request), 'Delete');
  const objects = many(document.Object);
  if (!objects.length || objects.length > 1000) throw new S3Error('MalformedXML');
  const quiet = text(document.Quiet) === 'true';
  const output: Omit<DeleteObjectsCommandOutput, '$metadata'> = { Deleted: [], Errors: [] };
  for (const object of objects) {
    const key = text(object.Key);
    if (!key) throw new S3Error('MalformedXML');
    try {
      await request.store.deleteObject(bucket, key);
      output.Deleted!.push({ Key: key });
    } catch (error) {
      const s3 = error instanceof S3Error ? error : new S3Error('InternalError');
      output.Errors!.push({ Key: key, Code: s3.code, Message: s3.message });
    }
  }
  return {
    status: 200,
    body: xmlDocument('DeleteResult', {
      Deleted: quiet ? [] : output.Deleted!.map((d) => ({ Key: d.Key })),
      Error: output.Errors!.map((e) => ({ Key: e.Key, Code: e.Code, Message: e.Message })),
    }),
  };
}
