/**
 * Reads the document functions' environment once, at init; a missing or invalid variable throws
 * `ConfigError`, so a misconfigured function refuses to start.
 */
import { ConfigError } from '../lib/errors.js';
import type { PipelineName } from './documentTypes.js';
import { integerInRange, requiredString, type Env } from '../lib/environment.js';

/** Step Functions refuses execution inputs over 256 KiB; the document must fit with its metadata. */
export const MAX_DOCUMENT_BYTES_LIMIT = 180_000;

export interface PipelineConfig {
  /** `SUMMARY_PIPELINE_ARN` and `ANALYSIS_PIPELINE_ARN`: the two state machines. */
  pipelines: Record<PipelineName, string>;
}

export interface StartDocumentConfig extends PipelineConfig {
  /** `MAX_DOCUMENT_BYTES`: largest document accepted, in bytes after base64 decoding (default 150 000). */
  maxDocumentBytes: number;
}

export interface ExtractConfig {
  /** `MAX_TEXT_CHARACTERS`: extracted text is cut to this length (default 50 000). */
  maxTextCharacters: number;
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
  return { maxTextCharacters: integerInRange(env, 'MAX_TEXT_CHARACTERS', 50_000, 100, 150_000) };
}
