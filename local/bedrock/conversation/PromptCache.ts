/**
 * Prompt caching, deterministic: the prefix of a request up to its last cache checkpoint (in the
 * order Bedrock reads them: tools, system, messages) is written on first use and read by every
 * later request of the same model with an identical prefix. `usage` then carries
 * `cacheWriteInputTokens` or `cacheReadInputTokens`, and `inputTokens` counts only what follows
 * the checkpoint (AWS Bedrock user guide, "Prompt caching for faster model inference", read
 * 2026-12-07). Time-to-live and the per-model minimum checkpoint size are not modelled.
 */
import type { Message, SystemContentBlock, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { countInputTokens } from './tokenEstimator.js';

interface CacheableRequest {
  system?: SystemContentBlock[];
  messages?: Message[];
  toolConfig?: ToolConfiguration;
}

export interface CacheUsage {
  cacheReadInputTokens: number;
  cacheWriteInputTokens: number;
}

/** The request cut just before its last cachePoint, or undefined when it has none. */
export function cachedPrefix(request: CacheableRequest): CacheableRequest | undefined {
  const tools = request.toolConfig?.tools ?? [];
  const system = request.system ?? [];
  const messages = request.messages ?? [];
  for (let index = messages.length - 1; index >= 0; index--) {
    const content = messages[index].content ?? [];
    const at = content.findLastIndex((block) => block.cachePoint !== undefined);
    if (at >= 0) return { toolConfig: { tools }, system, messages: [...messages.slice(0, index), { role: messages[index].role, content: content.slice(0, at) }] };
  }
  const inSystem = system.findLastIndex((block) => block.cachePoint !== undefined);
  if (inSystem >= 0) return { toolConfig: { tools }, system: system.slice(0, inSystem) };
  const inTools = tools.findLastIndex((tool) => tool.cachePoint !== undefined);
  if (inTools >= 0) return { toolConfig: { tools: tools.slice(0, inTools) } };
  return undefined;
}

/** Every checkpoint of a request (cachePoint blocks in tools, system and messages). */
export function countCachePoints(request: CacheableRequest): number {
  let count = (request.toolConfig?.tools ?? []).filter((tool) => tool.cachePoint !== undefined).length;
  count += (request.system ?? []).filter((block) => block.cachePoint !== undefined).length;
  for (const message of request.messages ?? []) count += (message.content ?? []).filter((block) => block.cachePoint !== undefined).length;
  return count;
}

export class PromptCache {
  private readonly written = new Set<string>();

  /** The cache usage of `request` on `modelId` (recording a write), or undefined without a checkpoint. */
  account(modelId: string, request: CacheableRequest): CacheUsage | undefined {
    const prefix = cachedPrefix(request);
    if (!prefix) return undefined;
    const tokens = countInputTokens(prefix);
    const key = `${modelId}\n${JSON.stringify(prefix)}`;
    if (this.written.has(key)) return { cacheReadInputTokens: tokens, cacheWriteInputTokens: 0 };
    this.written.add(key);
    return { cacheReadInputTokens: 0, cacheWriteInputTokens: tokens };
  }

  reset(): void {
    this.written.clear();
  }
}
