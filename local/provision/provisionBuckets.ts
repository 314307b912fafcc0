import {
  CreateBucketCommand,
  DeleteBucketCorsCommand,
  HeadBucketCommand,
  PutBucketCorsCommand,
  PutBucketNotificationConfigurationCommand,
  PutBucketVersioningCommand,
  S3Client,
  type Event as S3EventName,
  type NotificationConfiguration,
  type NotificationConfigurationFilter,
} from '@aws-sdk/client-s3';
import { localClientConfig } from '../stack/localClientConfig.js';
import type { BucketDef, BucketNotificationDef } from '../template/model.js';
import type { ProvisionReport } from './provisionTables.js';

function filterOf(notification: BucketNotificationDef): NotificationConfigurationFilter | undefined {
  const rules = [
    ...(notification.prefix !== undefined ? [{ Name: 'prefix' as const, Value: notification.prefix }] : []),
    ...(notification.suffix !== undefined ? [{ Name: 'suffix' as const, Value: notification.suffix }] : []),
  ];
  return rules.length ? { Key: { FilterRules: rules } } : undefined;
}

/** The template's notifications in `PutBucketNotificationConfiguration`'s shape. */
export function notificationConfiguration(bucket: BucketDef): NotificationConfiguration {
  const configuration: NotificationConfiguration = { LambdaFunctionConfigurations: [], QueueConfigurations: [] };
  for (const notification of bucket.notifications) {
    const common = { Id: notification.id, Events: notification.events as S3EventName[], Filter: filterOf(notification) };
    if (notification.target.type === 'function') configuration.LambdaFunctionConfigurations!.push({ ...common, LambdaFunctionArn: notification.target.arn });
    else configuration.QueueConfigurations!.push({ ...common, QueueArn: notification.target.arn });
  }
  if (bucket.eventBridge) configuration.EventBridgeConfiguration = {};
  return configuration;
}

/**
 * Creates the template's buckets in the S3 at `endpoint` and sets their CORS rules, versioning and
 * notifications, idempotently: a bucket that exists keeps its objects and gets the template's configuration.
 *
 * @example
 * await provisionBuckets(model.buckets ?? [], s3.url);
 */
export async function provisionBuckets(buckets: BucketDef[], endpoint: string): Promise<ProvisionReport> {
  const client = new S3Client({ ...localClientConfig(endpoint), forcePathStyle: true });
  const report: ProvisionReport = { created: [], existing: [], notes: [] };
  try {
    for (const bucket of buckets) {
      const exists = await client.send(new HeadBucketCommand({ Bucket: bucket.bucketName })).then(
        () => true,
        () => false,
      );
      if (!exists) await client.send(new CreateBucketCommand({ Bucket: bucket.bucketName }));
      (exists ? report.existing : report.created).push(bucket.bucketName);
      if (bucket.corsRules.length) await client.send(new PutBucketCorsCommand({ Bucket: bucket.bucketName, CORSConfiguration: { CORSRules: bucket.corsRules } }));
      else await client.send(new DeleteBucketCorsCommand({ Bucket: bucket.bucketName }));
      if (bucket.versioning) await client.send(new PutBucketVersioningCommand({ Bucket: bucket.bucketName, VersioningConfiguration: { Status: bucket.versioning } }));
      await client.send(new PutBucketNotificationConfigurationCommand({ Bucket: bucket.bucketName, NotificationConfiguration: notificationConfiguration(bucket) }));
    }
  } finally {
    client.destroy();
  }
  return report;
}
