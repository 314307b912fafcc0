import type { DeleteObjectsCommandOutput } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';
import { bodyBuffer, requireBucket, type S3Reply, type S3Request } from '../server/S3Request.js';
import { checkVersionId } from '../store/versionIds.js';
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
      const requested = text(object.VersionId);
      const outcome = await request.store.deleteObject(bucket, key, requested === undefined ? undefined : checkVersionId(requested));
      output.Deleted!.push(
        requested !== undefined
          ? { Key: key, VersionId: requested, DeleteMarker: outcome.deleteMarker || undefined, DeleteMarkerVersionId: outcome.deleteMarker ? requested : undefined }
          : { Key: key, DeleteMarker: outcome.deleteMarker || undefined, DeleteMarkerVersionId: outcome.deleteMarker ? outcome.versionId : undefined },
      );
    } catch (error) {
      const s3 = error instanceof S3Error ? error : new S3Error('InternalError');
      output.Errors!.push({ Key: key, VersionId: text(object.VersionId), Code: s3.code, Message: s3.message });
    }
  }
  return {
    status: 200,
    body: xmlDocument('DeleteResult', {
      Deleted: quiet ? [] : output.Deleted!.map((d) => ({ Key: d.Key, VersionId: d.VersionId, DeleteMarker: d.DeleteMarker, DeleteMarkerVersionId: d.DeleteMarkerVersionId })),
      Error: output.Errors!.map((e) => ({ Key: e.Key, VersionId: e.VersionId, Code: e.Code, Message: e.Message })),
    }),
  };
}
