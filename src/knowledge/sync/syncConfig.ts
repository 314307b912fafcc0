/** Reads `KnowledgeSyncFunction`'s environment once, at init; a missing or invalid variable throws `ConfigError`. */
import { ConfigError } from '../../lib/errors.js';
import { requiredString, type Env } from '../../lib/environment.js';

export interface SyncConfig {
  /** `KNOWLEDGE_BASE_ID`: the template's knowledge base. */
  knowledgeBaseId: string;
  /** `DATA_SOURCE_ID`: its data source (the documents bucket's knowledge/ prefix). */
  dataSourceId: string;
}

const BEDROCK_ID = /^[0-9a-zA-Z]{10}$/;

function bedrockId(env: Env, name: string): string {
  const value = requiredString(env, name);
  if (!BEDROCK_ID.test(value)) throw new ConfigError(`Environment variable ${name} must be a Bedrock id (10 letters or digits), got "${value}"`);
  return value;
}

export function readSyncConfig(env: Env = process.env): SyncConfig {
  return { knowledgeBaseId: bedrockId(env, 'KNOWLEDGE_BASE_ID'), dataSourceId: bedrockId(env, 'DATA_SOURCE_ID') };
}
