import type { CreateBucketCommandOutput, GetBucketLocationCommandOutput, HeadBucketCommandOutput, ListBucketsCommandOutput } from '@aws-sdk/client-s3';
import { assertBucketName } from '../bucketNames.js';
import { S3Error } from '../errors.js';
import { bodyBuffer, requireBucket, type S3Reply, type S3Request } from '../server/S3Request.js';
import { parseRequestXml, text, xmlDocument } from '../xml.js';

export const LOCAL_OWNER = { ID: '000000000000', DisplayName: 'local' };

export function listBuckets(request: S3Request): S3Reply {
  const output: Omit<ListBucketsCommandOutput, '$metadata'> = {
    Buckets: request.store.listBuckets().map((b) => ({ Name: b.name, CreationDate: new Date(b.creationDate), BucketRegion: b.region })),
    Owner: LOCAL_OWNER,
  };
  return { status: 200, body: xmlDocument('ListAllMyBucketsResult', { Owner: output.Owner as Record<string, string>, Buckets: { Bucket: output.Buckets!.map((b) => ({ ...b })) } }) };
}

/**
 * CreateBucket. In us-east-1 S3 answers 200 to a bucket you already own (and
 * BucketAlreadyOwnedByYou in every other region), so the local S3 does the same for its region.
 */
export async function createBucket(request: S3Request): Promise<S3Reply> {
  const name = requireBucket(request);
  assertBucketName(name);
  const body = await bodyBuffer(request);
  if (body.length) {
    const constraint = text(parseRequestXml(body, 'CreateBucketConfiguration').LocationConstraint);
    if (constraint && constraint !== request.region) {
      throw new S3Error('InvalidRequest', `The ${constraint} location constraint is incompatible for the region specific endpoint this request was sent to.`);
    }
  }
  if (request.store.hasBucket(name) && request.region === 'us-east-1') return { status: 200, headers: { location: `/${name}` } };
  await request.store.createBucket(name, request.region);
  const output: Omit<CreateBucketCommandOutput, '$metadata'> = { Location: `/${name}` };
  return { status: 200, headers: { location: output.Location } };
}

export function headBucket(request: S3Request): S3Reply {
  const bucket = request.store.bucket(requireBucket(request));
  const output: Omit<HeadBucketCommandOutput, '$metadata'> = { BucketRegion: bucket.region };
  return { status: 200, headers: { 'x-amz-bucket-region': output.BucketRegion } };
}

export function getBucketLocation(request: S3Request): S3Reply {
  const bucket = request.store.bucket(requireBucket(request));
  // us-east-1 is the empty LocationConstraint.
  const output: Omit<GetBucketLocationCommandOutput, '$metadata'> = { LocationConstraint: bucket.region === 'us-east-1' ? undefined : (bucket.region as GetBucketLocationCommandOutput['LocationConstraint']) };
  return { status: 200, body: `<?xml version="1.0" encoding="UTF-8"?>\n<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${output.LocationConstraint ?? ''}</LocationConstraint>` };
}

export async function deleteBucket(request: S3Request): Promise<S3Reply> {
  await request.store.deleteBucket(requireBucket(request));
  return { status: 204 };
}
