/**
 * Reads the document functions' environment once, at init; a missing or invalid variable throws
 * `ConfigError`, so a misconfigured function refuses to start.
 */
import { ConfigError } from '../lib/errors.js';
import type { PipelineName } from './documentTypes.js';
import { integerInRange, requiredString, type Env } from '../lib/environment.js';

/**
 * Step Functions' payload quota: "262,144 bytes of data as a UTF-8 encoded string" for an execution's
 * input and every state's input, output and task parameters (Step Functions service quotas, read
 * 2026-12-07). `POST /documents` refuses (413) an execution input over it.
 */
export const STATE_PAYLOAD_LIMIT_BYTES = 262_144;

/** Step Functions refuses execution inputs over 256 KiB; the document must fit with its metadata. */
export const MAX_DOCUMENT_BYTES_LIMIT = 180_000;

/**
 * The extracted text, JSON-encoded, travels through the pipeline's states beside the prompt and the
 * analysis (up to `max_tokens` 1024); this bound keeps the largest of them under the quota.
 */
export const MAX_TEXT_BYTES_LIMIT = 200_000;

export interface PipelineConfig {
  /** `SUMMARY_PIPELINE_ARN` and `ANALYSIS_PIPELINE_ARN`: the two state machines. */
  pipelines: Record<PipelineName, string>;
}

export interface StartDocumentConfig extends PipelineConfig {
  /** `MAX_DOCUMENT_BYTES`: largest document accepted, in UTF-8 bytes for text, in bytes after base64 decoding otherwise (default 150 000). */
  maxDocumentBytes: number;
}

export interface ExtractConfig {
  /** `MAX_TEXT_CHARACTERS`: extracted text is cut to this length (default 50 000). */
  maxCharacters: number;
  /** `MAX_TEXT_BYTES`: and to this many UTF-8 bytes once JSON-encoded (default and most {@link MAX_TEXT_BYTES_LIMIT}). */
  maxBytes: number;
  /** `MAX_PDF_PAGES`: pages of a PDF read at most (default 100). */
  maxPdfPages: number;
}

function requiredArn(env: Env, name: string): string {
  const value = requiredString(env, name);
  if (!/^arn:aws[a-z-]*:states:[^:]+:\d{12}:stateMachine:[^:]+$/.test(value)) {
    throw new ConfigError(`Environment variable ${name} must be a state machine ARN, got "${value}"`);
  }
  return value;
}

export function readPipelineConfig(env: Env = process.env): PipelineConfig {
  return { pipelines: { summary: requiredArn(env, 'SUMMARY_PIPELINE_ARN'), analysis: requiredArn(env, 'ANALYSIS_PIPELINE_ARN') } };
}

export function readStartDocumentConfig(env: Env = process.env): StartDocumentConfig {
  return { ...readPipelineConfig(env), maxDocumentBytes: integerInRange(env, 'MAX_DOCUMENT_BYTES', 150_000, 1, MAX_DOCUMENT_BYTES_LIMIT) };
}

export function readExtractConfig(env: Env = process.env): ExtractConfig {
  return {
    maxCharacters: integerInRange(env, 'MAX_TEXT_CHARACTERS', 50_000, 100, 150_000),
    maxBytes: integerInRange(env, 'MAX_TEXT_BYTES', MAX_TEXT_BYTES_LIMIT, 1_000, MAX_TEXT_BYTES_LIMIT),
    maxPdfPages: integerInRange(env, 'MAX_PDF_PAGES', 100, 1, 2_000),
  };
}
