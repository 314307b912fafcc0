import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { listenOn } from '../listenOn.js';
import { closeLevelIteratorsOnReturn } from './closeLevelIteratorsOnReturn.js';

export interface DynaliteOptions {
  host: string;
  port: number;
  /** LevelDB directory; in memory when undefined. */
  dataDir?: string;
}

export interface RunningDynamoDb {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts dynalite, the embedded DynamoDB. It answers the DynamoDB JSON protocol but does not
 * implement transactions or `UpdateTimeToLive`: in the stack, `startDynamoDb` puts it behind the
 * kit's front, which serves TTL (and the TTL sweeper deletes expired items).
 */
export async function startDynalite(options: DynaliteOptions): Promise<RunningDynamoDb> {
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  closeLevelIteratorsOnReturn();
  const server = dynalite({ path: options.dataDir, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await listenOn(server, options.port, options.host, 'DynamoDB', '--dynamodb-port');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
