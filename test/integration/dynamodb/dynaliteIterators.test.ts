import { createRequire } from 'node:module';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, PutItemCommand, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDynalite, type RunningDynamoDb } from '../../../local/dynamodb/startDynalite.js';
import { localClientConfig } from '../../../local/stack/localClientConfig.js';

/** The iterators attached to any abstract-level database now (dynalite's on-disk level extends it). */
const openIterators = new Set<object>();
const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
const { AbstractLevel, AbstractIterator, AbstractKeyIterator, AbstractValueIterator } = requireFromDynalite('abstract-level') as Record<string, { prototype: Record<string, (resource: object) => void> } & (abstract new () => object)>;
const isIterator = (resource: object) => [AbstractIterator, AbstractKeyIterator, AbstractValueIterator].some((kind) => resource instanceof kind);
const { attachResource, detachResource } = AbstractLevel.prototype;

let dynamoDb: RunningDynamoDb;
let dataDir: string;
let client: DynamoDBClient;

beforeAll(async () => {
  AbstractLevel.prototype.attachResource = function (this: object, resource: object) {
    if (isIterator(resource)) openIterators.add(resource);
    attachResource.call(this, resource);
  };
  AbstractLevel.prototype.detachResource = function (this: object, resource: object) {
    openIterators.delete(resource);
    detachResource.call(this, resource);
  };
  dataDir = await mkdtemp(path.join(tmpdir(), 'dynalite-iterators-'));
  dynamoDb = await startDynalite({ host: '127.0.0.1', port: 0, dataDir });
  client = new DynamoDBClient(localClientConfig(dynamoDb.url));
  await client.send(
    new CreateTableCommand({
      TableName: 'Turns',
      AttributeDefinitions: [
        { AttributeName: 'conversation', AttributeType: 'S' },
        { AttributeName: 'at', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'conversation', KeyType: 'HASH' },
        { AttributeName: 'at', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  for (let at = 0; at < 5; at++) await client.send(new PutItemCommand({ TableName: 'Turns', Item: { conversation: { S: 'c' }, at: { N: String(at) } } }));
});

afterAll(async () => {
  client.destroy();
  await dynamoDb.close();
  AbstractLevel.prototype.attachResource = attachResource;
  AbstractLevel.prototype.detachResource = detachResource;
  await rm(dataDir, { recursive: true, force: true });
});

describe('embedded DynamoDB (dynalite)', () => {
  it('closes the database iterators of Queries and Scans, whether they read to the end or stop at their Limit', async () => {
    for (let i = 0; i < 20; i++) {
      const page = await client.send(new QueryCommand({ TableName: 'Turns', KeyConditionExpression: 'conversation = :c', ExpressionAttributeValues: { ':c': { S: 'c' } }, Limit: 2, ScanIndexForward: false }));
      expect(page.Items).toHaveLength(2);
      expect((await client.send(new QueryCommand({ TableName: 'Turns', KeyConditionExpression: 'conversation = :c', ExpressionAttributeValues: { ':c': { S: 'c' } } }))).Items).toHaveLength(5);
      expect((await client.send(new ScanCommand({ TableName: 'Turns' }))).Items).toHaveLength(5);
    }

    // Each stream closes its iterator as it ends, just after the answer went out.
    await vi.waitFor(() => expect(openIterators.size).toBe(0));
  });
});
