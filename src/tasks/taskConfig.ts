/**
 * Reads the task functions' environment once, at init; a missing or invalid variable throws
 * `ConfigError`, so a misconfigured function refuses to start.
 */
import { integerInRange, requiredString, type Env } from '../lib/environment.js';

/** SQS refuses messages over 256 KiB; the prompt must fit with the rest of the message. */
export const MAX_PROMPT_BYTES_LIMIT = 200_000;

export interface TaskConfig {
  /** `TASK_TABLE`. */
  taskTable: string;
  /** `TASK_TTL_DAYS`: days before DynamoDB's TTL may remove a task (default 7). */
  taskTtlDays: number;
  /** `CALLBACK_ALLOWED_HOSTS`: comma-separated hosts a callback may use over http or at a private address. */
  callbackAllowedHosts: string[];
}

export interface SubmitConfig extends TaskConfig {
  /** `TASK_QUEUE_URL`. */
  taskQueueUrl: string;
  /** `MAX_PROMPT_BYTES`: largest prompt accepted, in UTF-8 bytes (default 100 000, at most 200 000). */
  maxPromptBytes: number;
}

export interface ProcessorConfig extends TaskConfig {
  /** `MAX_PROMPT_BYTES`, as the submit function reads it: messages sent straight to the queue are held to it too. */
  maxPromptBytes: number;
  /** `IDEMPOTENCY_TABLE`: Powertools idempotency records (key `id`, TTL `expiration`). */
  idempotencyTable: string;
  /** `MODEL_ID`. */
  modelId: string;
  /** `MAX_TOKENS` (default 1024). */
  maxTokens: number;
  /** `MAX_RECEIVE_COUNT`: the queue's `maxReceiveCount`; on the last receive a retryable failure marks the task failed. */
  maxReceiveCount: number;
  /** `CALLBACK_TIMEOUT_MS` per attempt (default 5000). */
  callbackTimeoutMs: number;
  /** `CALLBACK_MAX_ATTEMPTS` (default 3). */
  callbackMaxAttempts: number;
}

function readTaskConfig(env: Env): TaskConfig {
  return {
    taskTable: requiredString(env, 'TASK_TABLE'),
    taskTtlDays: integerInRange(env, 'TASK_TTL_DAYS', 7, 1, 3650),
    callbackAllowedHosts: (env.CALLBACK_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase())
      .filter((host) => host !== ''),
  };
}

/** The submit function's configuration. */
export function readSubmitConfig(env: Env = process.env): SubmitConfig {
  return {
    ...readTaskConfig(env),
    taskQueueUrl: requiredString(env, 'TASK_QUEUE_URL'),
    maxPromptBytes: integerInRange(env, 'MAX_PROMPT_BYTES', 100_000, 1, MAX_PROMPT_BYTES_LIMIT),
  };
}

/** The status function's configuration. */
export function readStatusConfig(env: Env = process.env): TaskConfig {
  return readTaskConfig(env);
}

/** The processor's configuration. */
export function readProcessorConfig(env: Env = process.env): ProcessorConfig {
  return {
    ...readTaskConfig(env),
    idempotencyTable: requiredString(env, 'IDEMPOTENCY_TABLE'),
    maxPromptBytes: integerInRange(env, 'MAX_PROMPT_BYTES', 100_000, 1, MAX_PROMPT_BYTES_LIMIT),
    modelId: requiredString(env, 'MODEL_ID'),
    maxTokens: integerInRange(env, 'MAX_TOKENS', 1024, 1, 200_000),
    maxReceiveCount: integerInRange(env, 'MAX_RECEIVE_COUNT', 3, 1, 1000),
    callbackTimeoutMs: integerInRange(env, 'CALLBACK_TIMEOUT_MS', 5000, 100, 60_000),
    callbackMaxAttempts: integerInRange(env, 'CALLBACK_MAX_ATTEMPTS', 3, 1, 10),
  };
}
