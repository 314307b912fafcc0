/**
 * What current models accept beyond the service model: rules that differ by family and generation,
 * checked for Converse (with `additionalModelRequestFields`) and for InvokeModel bodies read into
 * Converse's shape. Each rule names its source and the day it was read (2026-12-07); the wording is
 * the one AWS answers with, as reported from AWS where AWS's documentation gives none.
 *
 * - `temperature` and `top_p` together: refused by Claude Sonnet 4.5, Haiku 4.5, Opus 4.5 and later
 *   (AWS Bedrock user guide, Anthropic Claude Messages API, "Request and Response"; the Converse
 *   answer "The model returned the following errors: `temperature` and `top_p` cannot both be
 *   specified for this model. Please use only one." reported from Bedrock in mem0ai/mem0#3891 and
 *   aws-samples/bedrock-access-gateway#191, #238).
 * - Extended thinking (`thinking: {type: "enabled", budget_tokens}`): only on models whose catalogue
 *   entry has `reasoning`; `budget_tokens` ≥ 1,024 and < `max_tokens`; `temperature` only 1
 *   (Anthropic, "Building with extended thinking"; AWS Bedrock user guide, "Extended thinking").
 * - Prompt caching (`cachePoint` / `cache_control`): only on models with `promptCaching` ("You
 *   invoked an unsupported model or your request did not allow prompt caching. See the documentation
 *   for more information.", reported from Bedrock in cline/cline#2064, microsoft/vscode#296675);
 *   at most 4 checkpoints (AWS Bedrock user guide, "Prompt caching for faster model inference").
 * - Image and document blocks only on models with `images` / `documents` ("This model doesn't
 *   support the image field for user messages.", reported from Bedrock for Converse,
 *   can1357/oh-my-pi#11685, 2026-09-11). Converse: at most 5 documents, distinct document names
 *   (AWS Bedrock user guide, "Using the Converse API"; answers as reported from Bedrock in
 *   aws-samples/generative-ai-use-cases#1685, 2026-08-25), at most 20 images for Claude ("messages:
 *   too many images: image_count > 20", boto/boto3#4632, 2025-10-07).
 */
import type { Message, SystemContentBlock, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import type { ModelEntry } from '../catalogue/ModelCatalogue.js';
import { countCachePoints } from '../conversation/PromptCache.js';
import { validationError } from '../errors.js';
import { isRecord } from './InvokeBodyCodec.js';

/** How the request came: Converse relays a model's refusal after "The model returned the following errors: ". */
export type RequestPath = 'converse' | 'invoke';

export interface ModelRequestFeatures {
  system: SystemContentBlock[];
  messages: Message[];
  toolConfig?: ToolConfiguration;
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  /** `thinking` from `additionalModelRequestFields` or the native body. */
  thinking?: unknown;
}

const MAX_CACHE_POINTS = 4;
const THINKING_MIN_BUDGET = 1024;

function modelError(path: RequestPath, message: string): Error {
  return validationError(path === 'converse' ? `The model returned the following errors: ${message}` : message);
}

/** Claude generation as `[major, minor]` from its id (`claude-sonnet-4-5-…` → [4, 5]; `claude-sonnet-4-2025…` → [4, 0]). */
export function claudeGeneration(id: string): [number, number] | undefined {
  const match = /claude-(?:opus|sonnet|haiku)-(\d+)(?:-(\d)(?!\d))?/.exec(id);
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : undefined;
}

/** Claude Sonnet 4.5, Haiku 4.5, Opus 4.5 and every later Claude refuse `temperature` with `top_p`. */
export function refusesTemperatureWithTopP(model: ModelEntry): boolean {
  const generation = model.family === 'anthropic' ? claudeGeneration(model.id) : undefined;
  return generation !== undefined && (generation[0] > 4 || (generation[0] === 4 && generation[1] >= 5));
}

const MAX_DOCUMENTS = 5;
const MAX_CLAUDE_IMAGES = 20;

function checkContentBlocks(model: ModelEntry, messages: Message[], path: RequestPath): void {
  const capabilities = model.capabilities;
  const documentNames: string[] = [];
  let images = 0;
  for (const message of messages) {
    for (const block of message.content ?? []) {
      if (block.image && capabilities && !capabilities.images) throw validationError(`This model doesn't support the image field for ${message.role} messages.`);
      if (block.document && capabilities && !capabilities.documents) throw validationError(`This model doesn't support the document field for ${message.role} messages.`);
      if (block.image) images += 1;
      if (block.document) documentNames.push(block.document.name ?? '');
    }
  }
  if (path !== 'converse') return;
  if (documentNames.length > MAX_DOCUMENTS) throw validationError(`You can't include more than ${MAX_DOCUMENTS} documents in a request.`);
  if (new Set(documentNames).size < documentNames.length) throw validationError("Messages can't contain duplicate document names.");
  if (model.family === 'anthropic' && images > MAX_CLAUDE_IMAGES) throw modelError(path, `messages: too many images: image_count > ${MAX_CLAUDE_IMAGES}`);
}

function checkCaching(model: ModelEntry, request: ModelRequestFeatures, path: RequestPath): void {
  const points = countCachePoints(request);
  if (points === 0) return;
  if (!model.capabilities?.promptCaching) {
    throw validationError('You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.');
  }
  if (points > MAX_CACHE_POINTS) throw modelError(path, `A maximum of ${MAX_CACHE_POINTS} blocks with cache_control may be provided. Found ${points}.`);
}

function checkThinking(model: ModelEntry, request: ModelRequestFeatures, path: RequestPath): void {
  const thinking = request.thinking;
  if (thinking === undefined || thinking === null) return;
  if (!model.capabilities?.reasoning) {
    throw modelError(path, 'Malformed input request: #: extraneous key [thinking] is not permitted, please reformat your input and try again.');
  }
  if (!isRecord(thinking) || thinking.type !== 'enabled') return;
  const budget = thinking.budget_tokens;
  if (typeof budget !== 'number' || budget < THINKING_MIN_BUDGET) {
    throw modelError(path, `thinking.enabled.budget_tokens: Input should be greater than or equal to ${THINKING_MIN_BUDGET}`);
  }
  const maxTokens = request.maxTokens ?? model.defaultMaxTokens ?? model.maxOutputTokens;
  if (maxTokens !== undefined && maxTokens <= budget) {
    throw modelError(path, '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size');
  }
  if (request.temperature !== undefined && request.temperature !== 1) {
    throw modelError(path, '`temperature` may only be set to 1 when thinking is enabled. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#feature-compatibility');
  }
}

/** Applies the family and generation rules to a request already checked against the service model. */
export function checkModelRequestRules(model: ModelEntry, request: ModelRequestFeatures, path: RequestPath): void {
  checkContentBlocks(model, request.messages, path);
  checkCaching(model, request, path);
  checkThinking(model, request, path);
  if (request.temperature !== undefined && request.topP !== undefined && refusesTemperatureWithTopP(model)) {
    throw modelError(path, '`temperature` and `top_p` cannot both be specified for this model. Please use only one.');
  }
}

/** The keys of `additionalModelRequestFields` each family's native body takes (others: "extraneous key"). */
const ADDITIONAL_FIELDS: Partial<Record<ModelEntry['family'], (model: ModelEntry) => string[]>> = {
  anthropic: (model) => ['top_k', 'anthropic_beta', 'stop_sequences', ...(model.capabilities?.reasoning ? ['thinking'] : [])],
  nova: (model) => ['inferenceConfig', ...(model.capabilities?.reasoning ? ['reasoningConfig'] : [])],
};

/**
 * Converse's `additionalModelRequestFields`: Bedrock merges them into the family's native body, so
 * a key that body does not take is the family schema's refusal, relayed as the model's error.
 */
export function checkAdditionalModelRequestFields(model: ModelEntry, fields: unknown): void {
  const allowed = ADDITIONAL_FIELDS[model.family]?.(model);
  if (!allowed || !isRecord(fields)) return;
  const extraneous = Object.keys(fields).filter((key) => !allowed.includes(key) && !(key === 'thinking' && model.family === 'anthropic'));
  if (extraneous.length > 0) {
    const violations = extraneous.map((key) => `#: extraneous key [${key}] is not permitted`).join('');
    throw modelError('converse', `Malformed input request: ${violations}, please reformat your input and try again.`);
  }
  if (model.family === 'anthropic' && fields.top_k !== undefined && (typeof fields.top_k !== 'number' || !Number.isInteger(fields.top_k) || fields.top_k < 0)) {
    throw modelError('converse', `Malformed input request: #/top_k: ${String(fields.top_k)} is not greater or equal to 0, please reformat your input and try again.`);
  }
}

/** Converse and ConverseStream: the rules above for a checked request and its raw body. */
export function checkConverseRequestRules(
  model: ModelEntry,
  input: { system: SystemContentBlock[]; messages: Message[]; toolConfig?: ToolConfiguration; inferenceConfig: { temperature?: number; topP?: number; maxTokens?: number } },
  body: unknown,
): void {
  const fields = isRecord(body) ? body.additionalModelRequestFields : undefined;
  checkAdditionalModelRequestFields(model, fields);
  const { temperature, topP, maxTokens } = input.inferenceConfig;
  checkModelRequestRules(model, { ...input, temperature, topP, maxTokens, thinking: isRecord(fields) ? fields.thinking : undefined }, 'converse');
}
