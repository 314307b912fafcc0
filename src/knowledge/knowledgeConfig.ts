/**
 * Reads `KnowledgeFunction`'s environment once, at init; a missing or invalid variable throws
 * `ConfigError`, so a misconfigured function refuses to start.
 */
import { ConfigError } from '../lib/errors.js';
import type { ModelRoutingConfig } from './modelRouting.js';
import { integerInRange, optionalString, requiredString, type Env } from '../lib/environment.js';

export interface KnowledgeConfig extends ModelRoutingConfig {
  /** `KNOWLEDGE_BASE_ID`: the Bedrock knowledge base queried (10 upper-case letters or digits on AWS). */
  knowledgeBaseId: string;
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
    complexModelId: optionalString(env, 'COMPLEX_MODEL_ID') ?? modelId,
    complexQuestionWords: integerInRange(env, 'COMPLEX_QUESTION_WORDS', 40, 1, 1000),
  };
}
