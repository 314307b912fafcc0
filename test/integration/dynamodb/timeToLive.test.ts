/**
 * DynamoDB TTL on both backends (dynalite, which has no TTL of its own, and DynamoDB Local): the kit
 * answers UpdateTimeToLive / DescribeTimeToLive and its sweeper deletes expired items on the stack
 * clock, leaving the REMOVE records a stream would carry.
 */
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StackClock } from '../../../local/clock/StackClock.js';
import { startDynamoDb, type DynamoDbBackend, type RunningEmbeddedDynamoDb } from '../../../local/dynamodb/startDynamoDb.js';
import { provisionTables } from '../../../local/provision/provisionTables.js';
import type { TableDef } from '../../../local/template/model.js';
import { startTimeToLiveSweeper, type StackTimeToLive } from '../../../local/dynamodb/ttl/startTimeToLiveSweeper.js';
import { localClientConfig } from '../../../local/stack/localClientConfig.js';

const seconds = (ms: number) => String(Math.floor(ms / 1000));

describe.each<DynamoDbBackend>(['dynalite', 'local'])('DynamoDB TTL on %s', (backend) => {
  let db: RunningEmbeddedDynamoDb;
  let client: DynamoDBClient;
  let clock: StackClock;
  let ttl: StackTimeToLive;

  beforeAll(async () => {
    clock = new StackClock();
    db = await startDynamoDb({ backend, host: '127.0.0.1', port: 0, now: () => clock.now() });
    client = new DynamoDBClient(localClientConfig(db.url));
    // Real-time sweeps every 300 ms: the advance test puts only items that expire in the future.
    ttl = startTimeToLiveSweeper({ endpoint: db.url, clock, tables: [], registry: db.timeToLive, intervalMs: 300 });
  }, 60_000);

  afterAll(async () => {
    await ttl?.close();
    client?.destroy();
    await db?.close();
  });

  async function table(name: string): Promise<string> {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    return name;
  }

  const put = (name: string, item: Record<string, AttributeValue>) => client.send(new PutItemCommand({ TableName: name, Item: item }));
  const has = async (name: string, pk: string) => (await client.send(new GetItemCommand({ TableName: name, Key: { pk: { S: pk } } }))).Item !== undefined;

  it('answers UpdateTimeToLive and DescribeTimeToLive as DynamoDB does', async () => {
    const name = await table('ttl-settings');
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    const enabled = await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true } }));
    expect(enabled.TimeToLiveSpecification).toEqual({ AttributeName: 'expires_at', Enabled: true });
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });

    const again = client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true } }));
    await expect(again).rejects.toMatchObject({ name: 'ValidationException', message: 'TimeToLive is already enabled' });
    const other = client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'other', Enabled: true } }));
    await expect(other).rejects.toMatchObject({ name: 'ValidationException', message: 'TimeToLive is active on a different AttributeName' });
    const missing = client.send(new DescribeTimeToLiveCommand({ TableName: 'no-such-table' }));
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);

    // One change an hour: disabling right after enabling is refused until the stack clock has moved on.
    const disable = () => client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: false } }));
    await expect(disable()).rejects.toMatchObject({ name: 'ValidationException', message: 'Time to live has been modified multiple times within a fixed interval' });
    await clock.advance('1h');
    expect((await disable()).TimeToLiveSpecification).toEqual({ AttributeName: 'expires_at', Enabled: false });

    // A deleted table takes its TTL setting and its last change with it.
    await client.send(new DeleteTableCommand({ TableName: name }));
    await vi.waitFor(async () => expect(await table(name)).toBe(name), { timeout: 10_000 });
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: name }))).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    const enabledAgain = await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true } }));
    expect(enabledAgain.TimeToLiveSpecification?.Enabled).toBe(true);
  });

  it('deletes items once the clock passes their TTL, leaving others, with REMOVE records from the TTL service', async () => {
    const name = await table('ttl-expiry');
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true } }));
    const now = clock.now();
    await put(name, { pk: { S: 'in-1h' }, expires_at: { N: seconds(now + 3_600_000) }, note: { S: 'expires' } });
    await put(name, { pk: { S: 'in-1d' }, expires_at: { N: seconds(now + 86_400_000) } });
    await put(name, { pk: { S: 'no-ttl' } });
    await put(name, { pk: { S: 'string-ttl' }, expires_at: { S: seconds(now) } });
    await put(name, { pk: { S: 'six-years-ago' }, expires_at: { N: seconds(now - 6 * 365 * 86_400_000) } });

    await clock.advance('59m');
    expect(await has(name, 'in-1h')).toBe(true);
    await clock.advance('2m');
    expect(await has(name, 'in-1h')).toBe(false);
    for (const pk of ['in-1d', 'no-ttl', 'string-ttl', 'six-years-ago']) expect(await has(name, pk), pk).toBe(true);

    const records = ttl.records(name);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      eventName: 'REMOVE',
      eventSource: 'aws:dynamodb',
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      dynamodb: { Keys: { pk: { S: 'in-1h' } }, OldImage: { pk: { S: 'in-1h' }, note: { S: 'expires' } } },
    });
  });

  it("provisions the template's TTL, again at a restart, and moves it when the template names another attribute", async () => {
    const def: TableDef = {
      logicalId: 'Sessions',
      tableName: 'ttl-provisioned',
      arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/ttl-provisioned',
      attributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      keySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      globalSecondaryIndexes: [],
      localSecondaryIndexes: [],
      billingMode: 'PAY_PER_REQUEST',
      ttlAttribute: 'expires_at',
    };
    await provisionTables([def], db.url);
    await provisionTables([def], db.url);
    expect((await client.send(new DescribeTimeToLiveCommand({ TableName: def.tableName }))).TimeToLiveDescription?.AttributeName).toBe('expires_at');
    // Moving TTL is two changes, and DynamoDB takes one an hour: a first start (or deploy) gets as far as disabling it.
    const describe = async () => (await client.send(new DescribeTimeToLiveCommand({ TableName: def.tableName }))).TimeToLiveDescription;
    await clock.advance('1h');
    const halfway = await provisionTables([{ ...def, ttlAttribute: 'valid_until' }], db.url);
    expect(halfway.notes).toEqual([expect.stringMatching(/^ttl-provisioned: TTL disabled on expires_at, not yet enabled on valid_until: DynamoDB allows one TTL change per table per hour/)]);
    expect(await describe()).toEqual({ TimeToLiveStatus: 'DISABLED' });
    const tooSoon = await provisionTables([{ ...def, ttlAttribute: 'valid_until' }], db.url);
    expect(tooSoon.notes).toEqual([expect.stringMatching(/^ttl-provisioned: TTL not enabled on valid_until yet/)]);
    await clock.advance('1h');
    const done = await provisionTables([{ ...def, ttlAttribute: 'valid_until' }], db.url);
    expect(done.notes).toEqual([]);
    expect(await describe()).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'valid_until' });

  });

  it('deletes an item that expires in real time within seconds, without an advance', async () => {
    const name = await table('ttl-real-time');
    await client.send(new UpdateTimeToLiveCommand({ TableName: name, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } }));
    await put(name, { pk: { S: 'expired' }, ttl: { N: seconds(clock.now() - 1000) } });
    await vi.waitFor(async () => expect(await has(name, 'expired')).toBe(false), { timeout: 10_000, interval: 200 });
  });
});
