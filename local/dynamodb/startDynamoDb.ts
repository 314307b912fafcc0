import { startDynamoDbLocal } from './dynamoDbLocal.js';
import { startDynamoDbFront } from './DynamoDbFront.js';
import { startDynalite, type RunningDynamoDb } from './startDynalite.js';
import { TimeToLiveRegistry } from './ttl/TimeToLiveRegistry.js';

/** `dynalite` (embedded, default) or `local` (AWS's DynamoDB Local jar on the machine's Java). */
export type DynamoDbBackend = 'dynalite' | 'local';

export interface DynamoDbOptions {
  backend: DynamoDbBackend;
  host: string;
  port: number;
  /** Where tables are kept; in memory when undefined. The tables' TTL settings go to `<dataDir>-ttl.json`. */
  dataDir?: string;
  /** The stack clock's now, epoch ms (when a table's TTL last changed); real time by default. */
  now?: () => number;
}

export interface RunningEmbeddedDynamoDb extends RunningDynamoDb {
  /** The tables' TTL settings, which the kit keeps on every backend (see DynamoDbFront). */
  timeToLive: TimeToLiveRegistry;
}

/**
 * Starts the stack's DynamoDB: the chosen backend on a loopback port of its own, behind the
 * {@link startDynamoDbFront} that clients use (it serves `UpdateTimeToLive` / `DescribeTimeToLive`).
 *
 * @example
 * const db = await startDynamoDb({ backend: 'local', host: '127.0.0.1', port: 0 });
 */
export async function startDynamoDb(options: DynamoDbOptions): Promise<RunningEmbeddedDynamoDb> {
  const { backend, dataDir, host, port } = options;
  const timeToLive = await TimeToLiveRegistry.open(dataDir && `${dataDir}-ttl.json`, options.now);
  const front = await startDynamoDbFront({ host, port, registry: timeToLive });
  let running: RunningDynamoDb;
  try {
    const internal = { host: '127.0.0.1', port: 0, dataDir };
    running = backend === 'local' ? await startDynamoDbLocal(internal) : await startDynalite(internal);
  } catch (error) {
    await front.close();
    throw error;
  }
  front.attach(running.url);
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${front.port}`,
    timeToLive,
    close: async () => {
      await front.close();
      await running.close();
    },
  };
}

/** Reads a backend name (flag or GENAI_KIT_DYNAMODB), with a clear error for anything else. */
export function parseDynamoDbBackend(value: string | undefined): DynamoDbBackend {
  if (value === undefined || value === '' || value === 'dynalite') return 'dynalite';
  if (value === 'local' || value === 'dynamodb-local') return 'local';
  throw new Error(`--dynamodb must be 'dynalite' (embedded, the default) or 'local' (DynamoDB Local, needs Java 17+), got '${value}'`);
}
