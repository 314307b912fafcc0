import type { BucketDef, BucketNotificationDef } from './model.js';
import { isProps, list, num, str, type Props, type ResolvedResource } from './cfnTypes.js';

/** A SAM `Events: Type: S3` entry, before it is attached to its bucket. */
export interface S3EventSourceDef {
  functionLogicalId: string;
  functionArn: string;
  eventId: string;
  /** The bucket's name (what `!Ref Bucket` resolves to). */
  bucketName: string;
  events: string[];
  filter: unknown;
}

/** `Filter.S3Key.Rules` (CloudFormation and SAM spell it `Rules`, each `{Name, Value}`) as prefix and suffix. */
function keyFilter(filter: unknown): { prefix?: string; suffix?: string } {
  const key = isProps(filter) && isProps(filter.S3Key) ? filter.S3Key : {};
  const result: { prefix?: string; suffix?: string } = {};
  for (const rule of list(key.Rules ?? key.FilterRules)) {
    if (!isProps(rule)) continue;
    const name = str(rule.Name).toLowerCase();
    if (name === 'prefix' || name === 'suffix') result[name] = str(rule.Value);
  }
  return result;
}

/**
 * Builds a BucketDef from `AWS::S3::Bucket`: CORS rules in the S3 API's shape, versioning,
 * `LambdaConfigurations`/`QueueConfigurations`, EventBridge, and the SAM S3 events naming the bucket.
 */
export function buildBucket(resource: ResolvedResource, samEvents: S3EventSourceDef[], functionIdByArn: (arn: string) => string | undefined, unsupported: string[]): BucketDef {
  const props = resource.properties;
  const cors = isProps(props.CorsConfiguration) ? list(props.CorsConfiguration.CorsRules) : [];
  const notification: Props = isProps(props.NotificationConfiguration) ? props.NotificationConfiguration : {};
  const notifications: BucketNotificationDef[] = [];
  for (const [i, config] of list(notification.LambdaConfigurations).entries()) {
    if (!isProps(config)) continue;
    const arn = str(config.Function);
    const functionLogicalId = functionIdByArn(arn);
    if (!functionLogicalId) {
      unsupported.push(`${resource.logicalId}: notification to function ${arn}, which is not a function of this template`);
      continue;
    }
    notifications.push({ id: `${resource.logicalId}.LambdaConfigurations.${i}`, target: { type: 'function', functionLogicalId, arn }, events: [str(config.Event)], ...keyFilter(config.Filter) });
  }
  for (const [i, config] of list(notification.QueueConfigurations).entries()) {
    if (isProps(config)) notifications.push({ id: `${resource.logicalId}.QueueConfigurations.${i}`, target: { type: 'queue', arn: str(config.Queue) }, events: [str(config.Event)], ...keyFilter(config.Filter) });
  }
  if (list(notification.TopicConfigurations).length) unsupported.push(`${resource.logicalId}: TopicConfigurations (SNS is not emulated)`);
  for (const event of samEvents.filter((e) => e.bucketName === resource.ref)) {
    notifications.push({
      id: `${event.functionLogicalId}.${event.eventId}`,
      target: { type: 'function', functionLogicalId: event.functionLogicalId, arn: event.functionArn },
      events: event.events,
      ...keyFilter(event.filter),
    });
  }
  const versioning = isProps(props.VersioningConfiguration) ? str(props.VersioningConfiguration.Status) : undefined;
  return {
    logicalId: resource.logicalId,
    bucketName: resource.ref,
    arn: str(resource.attributes.Arn),
    corsRules: cors.filter(isProps).map((rule) => ({
      ID: rule.Id === undefined ? undefined : str(rule.Id),
      AllowedHeaders: rule.AllowedHeaders === undefined ? undefined : list(rule.AllowedHeaders).map((v) => str(v)),
      AllowedMethods: list(rule.AllowedMethods).map((v) => str(v)),
      AllowedOrigins: list(rule.AllowedOrigins).map((v) => str(v)),
      ExposeHeaders: rule.ExposedHeaders === undefined ? undefined : list(rule.ExposedHeaders).map((v) => str(v)),
      MaxAgeSeconds: rule.MaxAge === undefined ? undefined : num(rule.MaxAge, 0),
    })),
    versioning: versioning === 'Enabled' || versioning === 'Suspended' ? versioning : undefined,
    notifications,
    eventBridge: isProps(notification.EventBridgeConfiguration) && notification.EventBridgeConfiguration.EventBridgeEnabled !== false,
  };
}
