import { S3Error } from '../errors.js';
import { createBucket, deleteBucket, getBucketLocation, headBucket, listBuckets } from '../operations/buckets.js';
import { deleteBucketCors, getBucketCors, getBucketNotification, getBucketVersioning, putBucketCors, putBucketNotification, putBucketVersioning } from '../operations/bucketConfiguration.js';
import { deleteObjects } from '../operations/deleteObjects.js';
import { listObjects } from '../operations/listObjects.js';
import { listObjectVersions } from '../operations/listObjectVersions.js';
import { abortMultipartUpload, completeMultipartUpload, createMultipartUpload, listMultipartUploads, listParts, uploadPart } from '../operations/multipart.js';
import { copyObject, deleteObject, getObject, putObject } from '../operations/objects.js';
import { header, type S3Reply, type S3Request } from './S3Request.js';

type Operation = (request: S3Request) => S3Reply | Promise<S3Reply>;

/** Bucket sub-resources the local S3 serves, by method; any other sub-resource answers NotImplemented. */
const BUCKET_SUBRESOURCES: Record<string, Partial<Record<string, Operation>>> = {
  location: { GET: getBucketLocation },
  cors: { GET: getBucketCors, PUT: putBucketCors, DELETE: deleteBucketCors },
  notification: { GET: getBucketNotification, PUT: putBucketNotification },
  versioning: { GET: getBucketVersioning, PUT: putBucketVersioning },
  versions: { GET: listObjectVersions },
  uploads: { GET: listMultipartUploads },
  delete: { POST: deleteObjects },
};

const UNSERVED_SUBRESOURCES = ['acl', 'policy', 'tagging', 'lifecycle', 'encryption', 'website', 'logging', 'replication', 'ownershipControls', 'publicAccessBlock', 'accelerate', 'requestPayment', 'object-lock', 'inventory', 'metrics', 'analytics', 'intelligent-tiering', 'attributes', 'retention', 'legal-hold', 'torrent', 'restore', 'select', 'policyStatus'];

/** The operation a request names: method, then bucket or object, then its sub-resource. */
export function routeRequest(request: S3Request): Operation {
  const { bucket, key, query } = request.address;
  const method = request.method;
  if (!bucket) {
    if (method === 'GET') return listBuckets;
    throw new S3Error('MethodNotAllowed', undefined, { Method: method, ResourceType: 'SERVICE' });
  }
  const unserved = UNSERVED_SUBRESOURCES.find((name) => query.has(name));
  if (unserved) throw new S3Error('NotImplemented', `The local S3 does not implement the ${unserved} sub-resource.`);
  if (!key) {
    for (const [name, operations] of Object.entries(BUCKET_SUBRESOURCES)) {
      if (query.has(name)) {
        const operation = operations[method];
        if (!operation) throw new S3Error('MethodNotAllowed', undefined, { Method: method, ResourceType: name.toUpperCase() });
        return operation;
      }
    }
    const bucketOperations: Partial<Record<string, Operation>> = { PUT: createBucket, HEAD: headBucket, GET: listObjects, DELETE: deleteBucket };
    const operation = bucketOperations[method];
    if (!operation) throw new S3Error('MethodNotAllowed', undefined, { Method: method, ResourceType: 'BUCKET' });
    return operation;
  }
  if (query.has('uploadId')) {
    if (method === 'PUT' && query.has('partNumber')) return uploadPart;
    if (method === 'POST') return completeMultipartUpload;
    if (method === 'DELETE') return abortMultipartUpload;
    if (method === 'GET') return listParts;
  }
  if (method === 'POST' && query.has('uploads')) return createMultipartUpload;
  if (method === 'PUT') return header(request, 'x-amz-copy-source') ? copyObject : putObject;
  if (method === 'GET') return (r) => getObject(r, false);
  if (method === 'HEAD') return (r) => getObject(r, true);
  if (method === 'DELETE') return deleteObject;
  throw new S3Error('MethodNotAllowed', undefined, { Method: method, ResourceType: 'OBJECT' });
}
