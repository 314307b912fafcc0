import type { S3EventRecord } from 'aws-lambda';
import type { StoreChange } from '../store/S3Store.js';

/**
 * An object key as S3 writes it in event notifications: URL-encoded as an HTML form is (space as
 * `+`, everything but letters, digits, `.-_*` percent-encoded), with `/` kept.
 */
export function eventKey(key: string): string {
  return encodeURIComponent(key)
    .replace(/%20/g, '+')
    .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%2F/g, '/');
}

/** `s3:ObjectCreated:Put`, `s3:ObjectRemoved:Delete`… without the `s3:` prefix, as records name it. */
export function eventName(change: StoreChange): string {
  return `${change.kind}:${change.how}`;
}

/** The sequencer: a hexadecimal string that orders events of one key (S3 compares them as strings of equal length). */
function sequencer(sequence: number): string {
  return sequence.toString(16).toUpperCase().padStart(18, '0');
}

/** One record of the `S3Event` Lambda receives (and SQS carries in `{"Records": […]}`). */
export function s3EventRecord(change: StoreChange, configurationId: string, region: string, requestId: string): S3EventRecord {
  const object =
    change.kind === 'ObjectCreated'
      ? { key: eventKey(change.object.key), size: change.object.size, eTag: change.object.etag.replace(/"/g, ''), versionId: change.object.versionId, sequencer: sequencer(change.object.sequence) }
      : { key: eventKey(change.key), versionId: change.versionId, sequencer: sequencer(change.sequence) };
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: new Date().toISOString(),
    eventName: eventName(change),
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: '127.0.0.1' },
    responseElements: { 'x-amz-request-id': requestId, 'x-amz-id-2': requestId },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: { name: change.bucket, ownerIdentity: { principalId: 'LOCAL' }, arn: `arn:aws:s3:::${change.bucket}` },
      object: object as S3EventRecord['s3']['object'],
    },
  };
}
