import type { StackClock } from '../../clock/StackClock.js';
import type { TableDef } from '../../template/model.js';
import type { TimeToLiveRegistry } from './TimeToLiveRegistry.js';
import { TimeToLiveSweeper } from './TimeToLiveSweeper.js';

/** What the stack exposes of DynamoDB TTL (`stack.ttl`). */
export interface StackTimeToLive {
  /** Deletes the items expired by the clock's now; resolves with how many. (Advancing the clock does it too.) */
  sweep(): Promise<number>;
  /** The `REMOVE` stream records of the TTL deletions, oldest first (of one table, when named). */
  records: TimeToLiveSweeper['records'];
  close(): Promise<void>;
}

/**
 * Starts the TTL sweeper of a stack: on the embedded DynamoDB it follows the registry the front
 * keeps (the template's tables and every `UpdateTimeToLive`); on an external DynamoDB, the
 * template's `TimeToLiveSpecification`s. It sweeps every few seconds and after every clock advance.
 */
export function startTimeToLiveSweeper(options: {
  endpoint: string;
  clock: StackClock;
  tables: TableDef[];
  registry?: TimeToLiveRegistry;
  intervalMs?: number;
  log?: (line: string) => void;
}): StackTimeToLive {
  const { registry, tables } = options;
  const templateTtl = tables.flatMap((table): [string, string][] => (table.ttlAttribute ? [[table.tableName, table.ttlAttribute]] : []));
  const sweeper = new TimeToLiveSweeper({
    endpoint: options.endpoint,
    tables: () => registry?.entries() ?? templateTtl,
    now: () => options.clock.now(),
    streamViewType: (name) => tables.find((table) => table.tableName === name)?.streamViewType,
    intervalMs: options.intervalMs,
    log: options.log,
  }).start();
  const stopListening = options.clock.onAdvance(() => sweeper.sweep().catch((error: unknown) => options.log?.(`[dynamodb] TTL sweep failed: ${String(error)}`)));
  return {
    sweep: () => sweeper.sweep(),
    records: (table) => sweeper.records(table),
    close: async () => {
      stopListening();
      await sweeper.close();
    },
  };
}
