/**
 * Reads `KnowledgeFunction`'s environment once, at init; a missing or invalid variable throws
 * `ConfigError`, so a misconfigured function refuses to start.
 */
import { ConfigError } from '../lib/errors.js';
import type { ModelRoutingConfig } from './modelRouting.js';

type Env = Record<string, string | undefined>;

export interface KnowledgeConfig extends ModelRoutingConfig {
  /** `KNOWLEDGE_BASE_ID`: the Bedrock knowledge base queried (10 upper-case letters or digits on AWS). */
  knowledgeBaseId: string;
}

function requiredString(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`Environment variable ${name} is required`);
  return value;
}

function integerInRange(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(`Environment variable ${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * Reads `KNOWLEDGE_BASE_ID`, `MODEL_ID`, `COMPLEX_MODEL_ID` (default: `MODEL_ID`) and
 * `COMPLEX_QUESTION_WORDS` (default 40).
 */
export function readKnowledgeConfig(env: Env = process.env): KnowledgeConfig {
  const knowledgeBaseId = requiredString(env, 'KNOWLEDGE_BASE_ID');
  if (!/^[0-9a-zA-Z]{1,10}$/.test(knowledgeBaseId)) {
    throw new ConfigError(`Environment variable KNOWLEDGE_BASE_ID must be a knowledge base id (up to 10 letters or digits), got "${knowledgeBaseId}"`);
  }
  const modelId = requiredString(env, 'MODEL_ID');
  return {
    knowledgeBaseId,
    modelId,
    complexModelId: env.COMPLEX_MODEL_ID?.trim() || modelId,
    complexQuestionWords: integerInRange(env, 'COMPLEX_QUESTION_WORDS', 40, 1, 1000),
  };
}
