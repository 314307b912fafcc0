import { readFileSync } from 'node:fs';
import type { KnowledgeBaseDefinition } from '../knowledgebase/definitions.js';
import type { FaultRule } from '../faults/FaultPlan.js';
import type { BedrockServerOptions, ResponderName } from './options.js';
import type { SignatureMode } from './SigV4Verifier.js';

/** The pace of `npm start` and the container: roughly a hosted model's. */
export const REALISTIC_PACE = { firstTokenDelayMs: 300, tokensPerSecond: 40 } as const;

function number(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0) throw new Error(`not a non-negative number: ${value}`);
  return parsed;
}

/**
 * Server options from the environment (the standalone server and its container):
 * BEDROCK_HOST (127.0.0.1), BEDROCK_PORT (4010), BEDROCK_FIRST_TOKEN_DELAY_MS (300),
 * BEDROCK_TOKENS_PER_SECOND (40), BEDROCK_ANSWER_WORDS, BEDROCK_FIXTURES_FILE, BEDROCK_FAULTS
 * (JSON list of fault rules), BEDROCK_SIGNATURE (any|strict|off), BEDROCK_CREDENTIALS
 * (`key:secret,key2:secret2`), BEDROCK_RESPONDER (deterministic|upstream|record),
 * BEDROCK_UPSTREAM_URL, BEDROCK_UPSTREAM_MODEL, BEDROCK_UPSTREAM_API_KEY,
 * BEDROCK_RECORD_FILE, BEDROCK_RECORD_ENDPOINT, BEDROCK_KB_DIR, BEDROCK_KNOWLEDGE_BASES (a JSON file:
 * a list of knowledge-base definitions), BEDROCK_S3_ENDPOINT (where data sources are read),
 * BEDROCK_KB_DATA_DIR (where indexes persist), BEDROCK_AS_OF (the day
 * model lifecycles are computed for), BEDROCK_CATALOGUE_OVERLAY (a project's `.genai-kit/models.json`),
 * BEDROCK_GUARDRAILS_FILE (guardrail definitions, see docs/fake-bedrock.md), BEDROCK_LOG (1 = request log).
 */
export function optionsFromEnv(env: Record<string, string | undefined> = process.env): BedrockServerOptions {
  const options: BedrockServerOptions = {
    host: env.BEDROCK_HOST || '127.0.0.1',
    port: number(env.BEDROCK_PORT, 4010),
    firstTokenDelayMs: number(env.BEDROCK_FIRST_TOKEN_DELAY_MS, REALISTIC_PACE.firstTokenDelayMs),
    tokensPerSecond: number(env.BEDROCK_TOKENS_PER_SECOND, REALISTIC_PACE.tokensPerSecond),
    logger: env.BEDROCK_LOG === '1',
  };
  if (env.BEDROCK_ANSWER_WORDS) options.answerWords = number(env.BEDROCK_ANSWER_WORDS, 24);
  if (env.BEDROCK_FIXTURES_FILE) options.fixturesFile = env.BEDROCK_FIXTURES_FILE;
  if (env.BEDROCK_FAULTS) options.faults = JSON.parse(env.BEDROCK_FAULTS) as FaultRule[];
  if (env.BEDROCK_SIGNATURE) {
    if (!['any', 'strict', 'off'].includes(env.BEDROCK_SIGNATURE)) throw new Error(`BEDROCK_SIGNATURE must be any, strict or off`);
    options.signature = env.BEDROCK_SIGNATURE as SignatureMode;
  }
  if (env.BEDROCK_CREDENTIALS) {
    options.credentials = env.BEDROCK_CREDENTIALS.split(',').map((pair) => {
      const [accessKeyId, secretAccessKey] = pair.split(':');
      return { accessKeyId, secretAccessKey };
    });
  }
  if (env.BEDROCK_UPSTREAM_URL) {
    options.upstream = { baseUrl: env.BEDROCK_UPSTREAM_URL, model: env.BEDROCK_UPSTREAM_MODEL, apiKey: env.BEDROCK_UPSTREAM_API_KEY };
  }
  if (env.BEDROCK_RECORD_FILE) options.record = { fixturesFile: env.BEDROCK_RECORD_FILE, endpoint: env.BEDROCK_RECORD_ENDPOINT };
  if (env.BEDROCK_RESPONDER) options.responder = env.BEDROCK_RESPONDER as ResponderName;
  if (env.BEDROCK_KB_DIR) options.knowledgeBaseDir = env.BEDROCK_KB_DIR;
  if (env.BEDROCK_KNOWLEDGE_BASES) options.knowledgeBases = JSON.parse(readFileSync(env.BEDROCK_KNOWLEDGE_BASES, 'utf8')) as KnowledgeBaseDefinition[];
  if (env.BEDROCK_S3_ENDPOINT) options.s3Endpoint = env.BEDROCK_S3_ENDPOINT;
  if (env.BEDROCK_KB_DATA_DIR) options.knowledgeBaseDataDir = env.BEDROCK_KB_DATA_DIR;
  if (env.BEDROCK_AS_OF) options.asOf = env.BEDROCK_AS_OF;
  if (env.BEDROCK_CATALOGUE_OVERLAY) options.catalogueOverlayFile = env.BEDROCK_CATALOGUE_OVERLAY;
  if (env.BEDROCK_GUARDRAILS_FILE) options.guardrailsFile = env.BEDROCK_GUARDRAILS_FILE;
  return options;
}
