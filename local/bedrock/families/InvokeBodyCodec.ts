import type { StopReason } from '@aws-sdk/client-bedrock-runtime';
import type { ModelEntry, ResolvedModel } from '../catalogue/ModelCatalogue.js';
import type { GenerationEvent } from '../conversation/types.js';
import type { ValidConverseInput } from '../conversation/validateConverseRequest.js';
import type { GenerationResult } from '../generation/Generation.js';
import { validationError } from '../errors.js';

/** Per-stream state a codec keeps while turning generation events into chunks. */
export interface ChunkState {
  model: ResolvedModel;
  messageId: string;
  stopReason?: StopReason;
  /** The request's input tokens, for families whose first chunk reports them (Anthropic's `message_start`). */
  inputTokens?: number;
  /** Output tokens so far (text deltas), for families that report running counts. */
  outputTokens: number;
  /** The index of the text block a `content_block_start` was sent for. */
  openTextBlock?: number;
  startedAt: number;
  firstByteAt?: number;
}

/** A model family's own InvokeModel request and response bodies. */
export interface InvokeBodyCodec {
  /** Reads the family's request body into Converse's shape (throws Bedrock's ValidationException). */
  toConverse(body: unknown, model: ModelEntry): ValidConverseInput;
  /** The InvokeModel response body. */
  toResponse(result: GenerationResult, state: ChunkState): unknown;
  /** The InvokeModelWithResponseStream chunk bodies for one generation event. */
  streamChunks(event: GenerationEvent, state: ChunkState): unknown[];
}

/** Bedrock's wording for a body that does not fit the model's schema. */
export function malformed(detail: string): Error {
  return validationError(`Malformed input request: ${detail}, please reformat your input and try again.`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the body is an object with the required keys. */
export function requireKeys(body: unknown, keys: string[]): Record<string, unknown> {
  if (!isRecord(body)) throw malformed('#: expected type: JSONObject, found: ' + (Array.isArray(body) ? 'JSONArray' : typeof body));
  const missing = keys.filter((key) => body[key] === undefined);
  if (missing.length > 0) throw malformed(missing.map((key) => `#: required key [${key}] not found`).join(', '));
  return body;
}

/** Checks an optional number field's type and range. */
export function optionalNumber(body: Record<string, unknown>, key: string, min: number, max: number, path = key): number | undefined {
  const value = body[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number') throw malformed(`#/${path}: expected type: Number, found: ${typeof value}`);
  if (value < min) throw malformed(`#/${path}: ${value} is not greater or equal to ${min}`);
  if (value > max) throw malformed(`#/${path}: ${value} is not less or equal to ${max}`);
  return value;
}

/** `amazon-bedrock-invocationMetrics`, as the last chunk of every InvokeModel stream carries it. */
export function invocationMetrics(state: ChunkState, usage: { inputTokens?: number; outputTokens?: number }): Record<string, number> {
  const now = performance.now();
  return {
    inputTokenCount: usage.inputTokens ?? 0,
    outputTokenCount: usage.outputTokens ?? 0,
    invocationLatency: Math.max(1, Math.round(now - state.startedAt)),
    firstByteLatency: Math.max(1, Math.round((state.firstByteAt ?? now) - state.startedAt)),
  };
}
