import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT_ID } from '../../template/model.js';
import type { StoreChange } from '../store/S3Store.js';

/** The event S3 puts on the default bus for a bucket with EventBridge notifications (user guide, "EventBridge event message structure", read 2026-12-07). */
export interface S3EventBridgeEvent {
  version: '0';
  id: string;
  'detail-type': 'Object Created' | 'Object Deleted';
  source: 'aws.s3';
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: {
    version: '0';
    bucket: { name: string };
    object: { key: string; size?: number; etag?: string; 'version-id'?: string; sequencer: string };
    'request-id': string;
    requester: string;
    'source-ip-address': string;
    reason: string;
    'deletion-type'?: string;
  };
}

const REASONS: Record<string, string> = { Put: 'PutObject', Copy: 'CopyObject', CompleteMultipartUpload: 'CompleteMultipartUpload', Delete: 'DeleteObject', DeleteMarkerCreated: 'DeleteObject' };

/** The EventBridge event of a change; unlike the notification records, the key is not URL-encoded. */
export function s3EventBridgeEvent(change: StoreChange, region: string, requestId: string): S3EventBridgeEvent {
  const sequencer = (change.kind === 'ObjectCreated' ? change.object.sequence : change.sequence).toString(16).toUpperCase().padStart(18, '0');
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': change.kind === 'ObjectCreated' ? 'Object Created' : 'Object Deleted',
    source: 'aws.s3',
    account: LOCAL_ACCOUNT_ID,
    time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region,
    resources: [`arn:aws:s3:::${change.bucket}`],
    detail: {
      version: '0',
      bucket: { name: change.bucket },
      object:
        change.kind === 'ObjectCreated'
          ? { key: change.object.key, size: change.object.size, etag: change.object.etag.replace(/"/g, ''), 'version-id': change.object.versionId, sequencer }
          : { key: change.key, 'version-id': change.versionId, sequencer },
      'request-id': requestId,
      requester: LOCAL_ACCOUNT_ID,
      'source-ip-address': '127.0.0.1',
      reason: REASONS[change.how],
      ...(change.kind === 'ObjectRemoved' ? { 'deletion-type': change.how === 'DeleteMarkerCreated' ? 'Delete Marker Created' : 'Permanently Deleted' } : {}),
    },
  };
}
