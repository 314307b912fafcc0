import { startDynamoDbLocal } from './dynamoDbLocal.js';
import { startDynalite, type RunningDynamoDb } from './startDynalite.js';

/** `dynalite` (embedded, default) or `local` (AWS's DynamoDB Local jar on the machine's Java). */
export type DynamoDbBackend = 'dynalite' | 'local';

export interface DynamoDbOptions {
  backend: DynamoDbBackend;
  host: string;
  port: number;
  /** Where tables are kept; in memory when undefined. */
  dataDir?: string;
}

/**
 * Starts the stack's DynamoDB with the chosen backend.
 *
 * @example
 * const db = await startDynamoDb({ backend: 'local', host: '127.0.0.1', port: 0 });
 */
export function startDynamoDb(options: DynamoDbOptions): Promise<RunningDynamoDb> {
  const { backend, ...rest } = options;
  return backend === 'local' ? startDynamoDbLocal(rest) : startDynalite(rest);
}

/** Reads a backend name (flag or GENAI_KIT_DYNAMODB), with a clear error for anything else. */
export function parseDynamoDbBackend(value: string | undefined): DynamoDbBackend {
  if (value === undefined || value === '' || value === 'dynalite') return 'dynalite';
  if (value === 'local' || value === 'dynamodb-local') return 'local';
  throw new Error(`--dynamodb must be 'dynalite' (embedded, the default) or 'local' (DynamoDB Local, needs Java 17+), got '${value}'`);
}
