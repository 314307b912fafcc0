/**
 * The JSON schema Bedrock applies to an Anthropic Messages body on InvokeModel, as far as the fake
 * checks it: accepted keys at each level (anything else is "extraneous key [x] is not permitted"),
 * required keys, JSON types, enums and ranges. Sources (read 2026-12-07): AWS Bedrock user guide,
 * "Anthropic Claude Messages API — Request and Response" (keys, `anthropic_version`
 * `bedrock-2023-05-31`, content block types); Anthropic's Messages API reference (content blocks
 * `image`, `document`, `tool_use`, `tool_result`, `thinking`, `redacted_thinking`, `cache_control`
 * `{type: ephemeral, ttl: 5m|1h}`, `top_k` ≥ 0, `temperature`/`top_p` 0–1); the error form from an
 * AWS answer reported 2026-03-26 (`#: extraneous key [output_config] is not permitted`).
 */
import type { ModelEntry } from '../catalogue/ModelCatalogue.js';
import { isRecord } from './InvokeBodyCodec.js';
import { jsonTypeName, SchemaViolations } from './jsonSchemaViolations.js';

const TOP_LEVEL = ['anthropic_version', 'anthropic_beta', 'max_tokens', 'system', 'messages', 'temperature', 'top_p', 'top_k', 'tools', 'tool_choice', 'stop_sequences'];
const CACHE_CONTROL = new Set(['type', 'ttl']);
const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'text/plain'];

/** The keys each content block type accepts (every one also takes `type` and `cache_control`, except the thinking blocks). */
const BLOCK_KEYS: Record<string, string[]> = {
  text: ['type', 'text', 'cache_control', 'citations'],
  image: ['type', 'source', 'cache_control'],
  document: ['type', 'source', 'title', 'context', 'citations', 'cache_control'],
  tool_use: ['type', 'id', 'name', 'input', 'cache_control'],
  tool_result: ['type', 'tool_use_id', 'content', 'is_error', 'cache_control'],
  thinking: ['type', 'thinking', 'signature'],
  redacted_thinking: ['type', 'data'],
};
const BLOCK_REQUIRED: Record<string, string[]> = {
  text: ['text'],
  image: ['source'],
  document: ['source'],
  tool_use: ['id', 'name', 'input'],
  tool_result: ['tool_use_id'],
  thinking: ['thinking', 'signature'],
  redacted_thinking: ['data'],
};

/** Top-level keys the model accepts: `thinking` only where the catalogue says the model reasons. */
export function anthropicTopLevelKeys(model: ModelEntry): Set<string> {
  return new Set(model.capabilities?.reasoning ? [...TOP_LEVEL, 'thinking'] : TOP_LEVEL);
}

function checkCacheControl(value: unknown, path: string, out: SchemaViolations): void {
  if (value === undefined) return;
  if (!isRecord(value)) return out.add(path, `expected type: JSONObject, found: ${jsonTypeName(value)}`);
  out.extraneous(value, CACHE_CONTROL, path);
  out.enumValue(value.type, ['ephemeral'], `${path}/type`);
  if (value.ttl !== undefined) out.enumValue(value.ttl, ['5m', '1h'], `${path}/ttl`);
}

function checkSource(value: unknown, path: string, mediaTypes: string[], sourceTypes: string[], out: SchemaViolations): void {
  if (!isRecord(value)) return out.add(path, `expected type: JSONObject, found: ${jsonTypeName(value)}`);
  out.enumValue(value.type, sourceTypes, `${path}/type`);
  if (value.type === 'base64' || value.type === 'text') {
    out.required(value, ['media_type', 'data'], path);
    if (value.media_type !== undefined) out.enumValue(value.media_type, value.type === 'text' ? ['text/plain'] : mediaTypes, `${path}/media_type`);
    if (value.data !== undefined && typeof value.data !== 'string') out.add(`${path}/data`, `expected type: String, found: ${jsonTypeName(value.data)}`);
  }
}

export function checkAnthropicBlock(block: unknown, path: string, out: SchemaViolations): void {
  if (!isRecord(block)) return out.add(path, `expected type: JSONObject, found: ${jsonTypeName(block)}`);
  const keys = BLOCK_KEYS[String(block.type)];
  if (!keys) return out.add(`${path}/type`, `${String(block.type)} is not a valid enum value`);
  out.extraneous(block, new Set(keys), path);
  out.required(block, BLOCK_REQUIRED[String(block.type)] ?? [], path);
  checkCacheControl(block.cache_control, `${path}/cache_control`, out);
  switch (block.type) {
    case 'text':
      if (block.text !== undefined && typeof block.text !== 'string') out.add(`${path}/text`, `expected type: String, found: ${jsonTypeName(block.text)}`);
      break;
    case 'image':
      if (block.source !== undefined) checkSource(block.source, `${path}/source`, IMAGE_MEDIA_TYPES, ['base64'], out);
      break;
    case 'document':
      if (block.source !== undefined) checkSource(block.source, `${path}/source`, DOCUMENT_MEDIA_TYPES, ['base64', 'text', 'content'], out);
      break;
    case 'tool_use':
      if (block.input !== undefined && !isRecord(block.input)) out.add(`${path}/input`, `expected type: JSONObject, found: ${jsonTypeName(block.input)}`);
      break;
    case 'tool_result':
      if (Array.isArray(block.content)) block.content.forEach((inner, index) => checkAnthropicBlock(inner, `${path}/content/${index}`, out));
      else if (block.content !== undefined && typeof block.content !== 'string') out.add(`${path}/content`, `expected type: JSONArray or String, found: ${jsonTypeName(block.content)}`);
      break;
  }
}

function checkContent(content: unknown, path: string, out: SchemaViolations): void {
  if (typeof content === 'string') return;
  if (!Array.isArray(content)) return out.add(path, `expected type: JSONArray or String, found: ${jsonTypeName(content)}`);
  content.forEach((block, index) => checkAnthropicBlock(block, `${path}/${index}`, out));
}

function checkTools(tools: unknown, out: SchemaViolations): void {
  if (!Array.isArray(tools)) return out.add('#/tools', `expected type: JSONArray, found: ${jsonTypeName(tools)}`);
  tools.forEach((tool, index) => {
    const path = `#/tools/${index}`;
    if (!isRecord(tool)) return out.add(path, `expected type: JSONObject, found: ${jsonTypeName(tool)}`);
    out.required(tool, ['name'], path);
    // Anthropic-defined tools (bash_…, computer_…, text_editor_…) carry their own members.
    if (tool.type !== undefined && tool.type !== 'custom') return;
    out.extraneous(tool, new Set(['type', 'name', 'description', 'input_schema', 'cache_control']), path);
    out.required(tool, ['input_schema'], path);
    if (tool.input_schema !== undefined && !isRecord(tool.input_schema)) out.add(`${path}/input_schema`, `expected type: JSONObject, found: ${jsonTypeName(tool.input_schema)}`);
    checkCacheControl(tool.cache_control, `${path}/cache_control`, out);
  });
}

function checkThinking(thinking: unknown, model: ModelEntry, out: SchemaViolations): void {
  if (!isRecord(thinking)) return out.add('#/thinking', `expected type: JSONObject, found: ${jsonTypeName(thinking)}`);
  // `adaptive` is Claude 4.6's mode; older models refuse it (reported from AWS, 2026-03-26).
  const types = /claude-(?:opus|sonnet)-4-6/.test(model.id) ? ['enabled', 'disabled', 'adaptive'] : ['enabled', 'disabled'];
  out.enumValue(thinking.type, types, '#/thinking/type');
  out.extraneous(thinking, new Set(['type', 'budget_tokens']), '#/thinking');
  if (thinking.type === 'enabled') out.required(thinking, ['budget_tokens'], '#/thinking');
  out.number(thinking, 'budget_tokens', '#/thinking', { integer: true });
}

/** Checks an Anthropic Messages body against the schema; throws "Malformed input request" with every violation. */
export function checkAnthropicBody(body: unknown, model: ModelEntry): Record<string, unknown> {
  const out = new SchemaViolations();
  if (!isRecord(body)) {
    out.add('#', `expected type: JSONObject, found: ${jsonTypeName(body)}`);
    out.assertNone();
  }
  const request = body as Record<string, unknown>;
  out.required(request, ['anthropic_version', 'max_tokens', 'messages'], '#');
  out.extraneous(request, anthropicTopLevelKeys(model), '#');
  if (request.anthropic_version !== undefined && typeof request.anthropic_version !== 'string') out.add('#/anthropic_version', `expected type: String, found: ${jsonTypeName(request.anthropic_version)}`);
  if (request.anthropic_beta !== undefined && (!Array.isArray(request.anthropic_beta) || request.anthropic_beta.some((item) => typeof item !== 'string'))) {
    out.add('#/anthropic_beta', `expected type: JSONArray, found: ${jsonTypeName(request.anthropic_beta)}`);
  }
  out.number(request, 'max_tokens', '#', { integer: true, min: 1 });
  out.number(request, 'temperature', '#', { min: 0, max: 1 });
  out.number(request, 'top_p', '#', { min: 0, max: 1 });
  out.number(request, 'top_k', '#', { integer: true, min: 0 });
  if (request.stop_sequences !== undefined && (!Array.isArray(request.stop_sequences) || request.stop_sequences.some((item) => typeof item !== 'string'))) {
    out.add('#/stop_sequences', `expected type: JSONArray, found: ${jsonTypeName(request.stop_sequences)}`);
  }
  if (typeof request.system !== 'string' && request.system !== undefined) {
    if (!Array.isArray(request.system)) out.add('#/system', `expected type: JSONArray or String, found: ${jsonTypeName(request.system)}`);
    else request.system.forEach((block, index) => checkAnthropicBlock(block, `#/system/${index}`, out));
  }
  if (request.messages !== undefined) {
    if (!Array.isArray(request.messages)) out.add('#/messages', `expected type: JSONArray, found: ${jsonTypeName(request.messages)}`);
    else {
      request.messages.forEach((message, index) => {
        const path = `#/messages/${index}`;
        if (!isRecord(message)) return out.add(path, `expected type: JSONObject, found: ${jsonTypeName(message)}`);
        out.extraneous(message, new Set(['role', 'content']), path);
        out.required(message, ['role', 'content'], path);
        if (message.role !== undefined) out.enumValue(message.role, ['user', 'assistant'], `${path}/role`);
        if (message.content !== undefined) checkContent(message.content, `${path}/content`, out);
      });
    }
  }
  if (request.tools !== undefined) checkTools(request.tools, out);
  if (request.tool_choice !== undefined) {
    if (!isRecord(request.tool_choice)) out.add('#/tool_choice', `expected type: JSONObject, found: ${jsonTypeName(request.tool_choice)}`);
    else {
      out.enumValue(request.tool_choice.type, ['auto', 'any', 'tool', 'none'], '#/tool_choice/type');
      out.extraneous(request.tool_choice, new Set(['type', 'name', 'disable_parallel_tool_use']), '#/tool_choice');
      if (request.tool_choice.type === 'tool') out.required(request.tool_choice, ['name'], '#/tool_choice');
    }
  }
  if (request.thinking !== undefined && model.capabilities?.reasoning) checkThinking(request.thinking, model, out);
  out.assertNone();
  return request;
}
