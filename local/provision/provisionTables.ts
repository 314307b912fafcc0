import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import type { TableDef } from '../template/model.js';
import { localClientConfig } from '../stack/localClientConfig.js';
import { TTL_CHANGED_RECENTLY } from '../dynamodb/ttl/timeToLiveOperations.js';

export interface ProvisionReport {
  created: string[];
  existing: string[];
  /** Things the backend could not do, e.g. an external dynalite has no TTL (the stack's own DynamoDB serves it). */
  notes: string[];
}

/** Creates the template's tables in the DynamoDB at `endpoint`; tables that exist are left as they are. */
export async function provisionTables(tables: TableDef[], endpoint: string): Promise<ProvisionReport> {
  const client = new DynamoDBClient(localClientConfig(endpoint));
  const report: ProvisionReport = { created: [], existing: [], notes: [] };
  try {
    for (const table of tables) {
      try {
        await client.send(new CreateTableCommand(createTableInput(table)));
        report.created.push(table.tableName);
      } catch (error) {
        if (!(error instanceof ResourceInUseException)) throw error;
        report.existing.push(table.tableName);
      }
      if (table.ttlAttribute) await enableTtl(client, table, report);
    }
  } finally {
    client.destroy();
  }
  return report;
}

function createTableInput(table: TableDef): CreateTableCommandInput {
  const throughput = table.billingMode === 'PROVISIONED' ? { ReadCapacityUnits: 5, WriteCapacityUnits: 5 } : undefined;
  return {
    TableName: table.tableName,
    AttributeDefinitions: table.attributeDefinitions,
    KeySchema: table.keySchema,
    BillingMode: table.billingMode,
    ProvisionedThroughput: throughput,
    GlobalSecondaryIndexes: table.globalSecondaryIndexes.length
      ? table.globalSecondaryIndexes.map((index) => ({ ...index, ProvisionedThroughput: throughput }))
      : undefined,
    LocalSecondaryIndexes: table.localSecondaryIndexes.length ? table.localSecondaryIndexes : undefined,
  };
}

async function enableTtl(client: DynamoDBClient, table: TableDef, report: ProvisionReport): Promise<void> {
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: table.tableName, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }),
    );
  } catch (error) {
    const { name, message } = error as Error;
    if (name === 'UnknownOperationException') {
      report.notes.push(`${table.tableName}: this DynamoDB backend has no UpdateTimeToLive; the kit's TTL sweeper still expires items on ${table.ttlAttribute}`);
    } else if (name === 'ValidationException' && /different AttributeName/i.test(message)) {
      // The template moved TTL to another attribute since the table was made: as CloudFormation would, switch it.
      await moveTtl(client, table, report);
    } else if (name === 'ValidationException' && message === TTL_CHANGED_RECENTLY) {
      report.notes.push(`${table.tableName}: TTL not enabled on ${table.ttlAttribute} yet: ${waitForTtlChange}`);
    } else if (!(name === 'ValidationException' && /already enabled/i.test(message))) throw error;
  }
}

/** DynamoDB lets a table's TTL change once an hour: a deploy would fail here too, so it is said, not hidden. */
const waitForTtlChange = 'DynamoDB allows one TTL change per table per hour (a deploy would fail the same way); the next start after that hour does it, or advance the stack clock';

/** The template moved TTL to another attribute since the table was made: as CloudFormation would, switch it (two changes, an hour apart). */
async function moveTtl(client: DynamoDBClient, table: TableDef, report: ProvisionReport): Promise<void> {
  const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: table.tableName }));
  const previous = TimeToLiveDescription?.AttributeName;
  let disabled = false;
  try {
    if (previous) await client.send(new UpdateTimeToLiveCommand({ TableName: table.tableName, TimeToLiveSpecification: { AttributeName: previous, Enabled: false } }));
    disabled = true;
    await client.send(new UpdateTimeToLiveCommand({ TableName: table.tableName, TimeToLiveSpecification: { AttributeName: table.ttlAttribute, Enabled: true } }));
  } catch (error) {
    const { name, message } = error as Error;
    if (name !== 'ValidationException' || message !== TTL_CHANGED_RECENTLY) throw error;
    const done = disabled ? `TTL disabled on ${previous}, not yet enabled on ${table.ttlAttribute}` : `TTL not yet moved from ${previous} to ${table.ttlAttribute}`;
    report.notes.push(`${table.tableName}: ${done}: ${waitForTtlChange}`);
    return;
  }
  report.notes.push(`${table.tableName}: TTL moved from ${previous} to ${table.ttlAttribute}, as the template now says`);
}
