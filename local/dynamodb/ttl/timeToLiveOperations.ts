/**
 * `UpdateTimeToLive` and `DescribeTimeToLive`, answered by the kit on every DynamoDB backend
 * (dynalite has neither) with DynamoDB's answers and errors (the wording DynamoDB Local uses).
 * The table must exist in the backend: its own `ResourceNotFoundException` is relayed.
 *
 * As on AWS, a table's TTL changes at most once an hour (on the stack clock): "It can take up to one
 * hour for the change to fully process. Any additional UpdateTimeToLive calls for the same table during
 * this one hour duration result in a ValidationException" (UpdateTimeToLive, DynamoDB API Reference,
 * read 2026-12-08; the message is DynamoDB's own).
 */
import type { DescribeTimeToLiveCommandInput, DescribeTimeToLiveCommandOutput, UpdateTimeToLiveCommandInput, UpdateTimeToLiveCommandOutput } from '@aws-sdk/client-dynamodb';
import type { TimeToLiveRegistry } from './TimeToLiveRegistry.js';

type Output<T> = Omit<T, '$metadata'>;

/** A DynamoDB client error: `__type` and status 400 on the wire. */
export class DynamoDbClientError extends Error {
  constructor(
    readonly type: 'com.amazon.coral.validate#ValidationException' | 'com.amazon.coral.service#SerializationException',
    message: string,
  ) {
    super(message);
    this.name = type.split('#')[1];
  }
}

/** How long after a change DynamoDB refuses the next one. */
export const TTL_CHANGE_INTERVAL_MS = 3_600_000;
export const TTL_CHANGED_RECENTLY = 'Time to live has been modified multiple times within a fixed interval';

const validation = (message: string) => new DynamoDbClientError('com.amazon.coral.validate#ValidationException', message);

function tableNameOf(input: { TableName?: unknown }): string {
  if (typeof input.TableName !== 'string') throw validation("1 validation error detected: Value null at 'tableName' failed to satisfy constraint: Member must not be null");
  return input.TableName;
}

export async function updateTimeToLive(registry: TimeToLiveRegistry, input: UpdateTimeToLiveCommandInput): Promise<Output<UpdateTimeToLiveCommandOutput>> {
  const table = tableNameOf(input);
  const spec = input.TimeToLiveSpecification;
  if (!spec || typeof spec !== 'object') {
    throw validation("1 validation error detected: Value null at 'timeToLiveSpecification' failed to satisfy constraint: Member must not be null");
  }
  if (typeof spec.Enabled !== 'boolean') throw validation("1 validation error detected: Value null at 'timeToLiveSpecification.enabled' failed to satisfy constraint: Member must not be null");
  const attribute = spec.AttributeName;
  if (typeof attribute !== 'string' || attribute.length < 1 || attribute.length > 255) {
    throw validation('Names of key attributes and attributes projected into an index must be between 1 and 255 characters, inclusive');
  }
  const current = registry.attributeOf(table);
  if (current !== undefined && current !== attribute) throw validation('TimeToLive is active on a different AttributeName');
  if (spec.Enabled && current !== undefined) throw validation('TimeToLive is already enabled');
  if (!spec.Enabled && current === undefined) throw validation('TimeToLive is already disabled');
  // A request that would change nothing is refused as such above; a change waits out the last one.
  const changedAt = registry.changedAt(table);
  if (changedAt !== undefined && registry.now() - changedAt < TTL_CHANGE_INTERVAL_MS) throw validation(TTL_CHANGED_RECENTLY);
  if (spec.Enabled) await registry.enable(table, attribute);
  else await registry.disable(table);
  return { TimeToLiveSpecification: { Enabled: spec.Enabled, AttributeName: attribute } };
}

export function describeTimeToLive(registry: TimeToLiveRegistry, input: DescribeTimeToLiveCommandInput): Output<DescribeTimeToLiveCommandOutput> {
  const attribute = registry.attributeOf(tableNameOf(input));
  return { TimeToLiveDescription: attribute === undefined ? { TimeToLiveStatus: 'DISABLED' } : { TimeToLiveStatus: 'ENABLED', AttributeName: attribute } };
}
