/**
 * Deletes expired items, as DynamoDB's TTL process does: an item whose TTL attribute is a Number of
 * epoch seconds before the stack clock's now (and not more than five years before it: DynamoDB
 * leaves those alone) is deleted with a condition on that value (an item updated meanwhile stays).
 * Each deletion leaves the `REMOVE` record a DynamoDB stream would carry for it, with the TTL
 * service's `userIdentity`.
 *
 * AWS deletes within days; the sweeper within `intervalMs` of real time (default 5 s) and at once
 * when the clock is advanced. Until then expired items still appear in reads, as on AWS.
 */
import { randomUUID } from 'node:crypto';
import { ConditionalCheckFailedException, DeleteItemCommand, DescribeTableCommand, DynamoDBClient, ResourceNotFoundException, ScanCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, StreamRecord } from 'aws-lambda';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from '../../template/model.js';
import { localClientConfig } from '../../stack/localClientConfig.js';

type Item = Record<string, AttributeValue>;

/** DynamoDB skips items whose TTL value is more than five years in the past. */
const FIVE_YEARS_S = 5 * 365 * 86_400;
/** REMOVE records kept (the oldest go first), like a stream's limited retention. */
const MAX_RECORDS = 10_000;

export interface TimeToLiveSweeperOptions {
  /** The DynamoDB endpoint (the stack's). */
  endpoint: string;
  /** Tables with TTL enabled and their attribute, read at each sweep. */
  tables: () => Iterable<[table: string, attribute: string]>;
  /** The stack clock's now, epoch ms. */
  now: () => number;
  /** A table's `StreamViewType` (from the template), when it has a stream. */
  streamViewType?: (table: string) => string | undefined;
  /** Real-time period between sweeps; default 5000 ms (a sweep scans each TTL table: about 20 ms of CPU per 1 000 items on dynalite here). */
  intervalMs?: number;
  log?: (line: string) => void;
}

export class TimeToLiveSweeper {
  readonly #client: DynamoDBClient;
  readonly #records: DynamoDBRecord[] = [];
  readonly #keys = new Map<string, string[]>();
  #timer: NodeJS.Timeout | undefined;
  #sweeping: Promise<number> | undefined;
  #sequence = 0;

  constructor(private readonly options: TimeToLiveSweeperOptions) {
    this.#client = new DynamoDBClient(localClientConfig(options.endpoint));
  }

  /** Sweeps every `intervalMs` until closed. */
  start(): this {
    this.#timer = setInterval(() => void this.sweep().catch((error: unknown) => this.options.log?.(`[dynamodb] TTL sweep failed: ${String(error)}`)), this.options.intervalMs ?? 5000);
    this.#timer.unref();
    return this;
  }

  /** Deletes what has expired now; resolves with how many items it deleted. A sweep under way is joined, then one more runs. */
  async sweep(): Promise<number> {
    while (this.#sweeping) await this.#sweeping.catch(() => undefined);
    this.#sweeping = this.#sweepAll();
    try {
      return await this.#sweeping;
    } finally {
      this.#sweeping = undefined;
    }
  }

  /** The REMOVE records of the items the sweeper deleted, oldest first (of one table, when named). */
  records(table?: string): DynamoDBRecord[] {
    return table ? this.#records.filter((record) => record.eventSourceARN?.includes(`:table/${table}/`)) : [...this.#records];
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping?.catch(() => undefined);
    this.#client.destroy();
  }

  async #sweepAll(): Promise<number> {
    let deleted = 0;
    for (const [table, attribute] of [...this.options.tables()]) {
      try {
        deleted += await this.#sweepTable(table, attribute);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
      }
    }
    return deleted;
  }

  async #sweepTable(table: string, attribute: string): Promise<number> {
    const nowSeconds = Math.floor(this.options.now() / 1000);
    const keys = await this.#keyNames(table);
    let deleted = 0;
    let startKey: Item | undefined;
    do {
      const page = await this.#client.send(
        new ScanCommand({
          TableName: table,
          FilterExpression: '#ttl < :now AND #ttl >= :oldest',
          // Keys and the TTL value only: the delete returns the whole item for the record.
          ProjectionExpression: ['#ttl', ...keys.map((_, i) => `#key${i}`)].join(', '),
          ExpressionAttributeNames: { '#ttl': attribute, ...Object.fromEntries(keys.map((name, i) => [`#key${i}`, name])) },
          ExpressionAttributeValues: { ':now': { N: String(nowSeconds) }, ':oldest': { N: String(nowSeconds - FIVE_YEARS_S) } },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) if (await this.#delete(table, attribute, keys, item)) deleted++;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return deleted;
  }

  async #delete(table: string, attribute: string, keyNames: string[], item: Item): Promise<boolean> {
    const key = Object.fromEntries(keyNames.map((name) => [name, item[name]]));
    try {
      const { Attributes } = await this.#client.send(
        new DeleteItemCommand({
          TableName: table,
          Key: key,
          ConditionExpression: '#ttl = :expired',
          ExpressionAttributeNames: { '#ttl': attribute },
          ExpressionAttributeValues: { ':expired': item[attribute] },
          ReturnValues: 'ALL_OLD',
        }),
      );
      this.#record(table, key, Attributes ?? item);
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false; // changed or deleted meanwhile
      throw error;
    }
  }

  async #keyNames(table: string): Promise<string[]> {
    let names = this.#keys.get(table);
    if (!names) {
      const { Table } = await this.#client.send(new DescribeTableCommand({ TableName: table }));
      names = (Table?.KeySchema ?? []).map((element) => element.AttributeName!);
      this.#keys.set(table, names);
    }
    return names;
  }

  /** The stream record of a TTL deletion (its `userIdentity` tells it from a user's delete). */
  #record(table: string, keys: Item, oldImage: Item): void {
    const viewType = this.options.streamViewType?.(table);
    const withOldImage = viewType === undefined || viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
    const dynamodb: StreamRecord = {
      ApproximateCreationDateTime: Math.floor(this.options.now() / 1000),
      Keys: keys as StreamRecord['Keys'],
      ...(withOldImage ? { OldImage: oldImage as StreamRecord['OldImage'] } : {}),
      SequenceNumber: String(++this.#sequence).padStart(21, '0'),
      SizeBytes: Buffer.byteLength(JSON.stringify(oldImage)),
      StreamViewType: (viewType ?? 'NEW_AND_OLD_IMAGES') as StreamRecord['StreamViewType'],
    };
    this.#records.push({
      eventID: randomUUID().replaceAll('-', ''),
      eventName: 'REMOVE',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: LOCAL_REGION,
      dynamodb,
      userIdentity: { type: 'Service', principalId: 'dynamodb.amazonaws.com' },
      eventSourceARN: `arn:aws:dynamodb:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:table/${table}/stream/local`,
    });
    this.#records.splice(0, Math.max(0, this.#records.length - MAX_RECORDS));
  }
}
