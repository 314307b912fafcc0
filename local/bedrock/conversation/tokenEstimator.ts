import type { ContentBlock, Message, SystemContentBlock, ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';

/**
 * One token: optional leading whitespace, then up to 8 letters, up to 3 digits, or one other
 * character. Joining the pieces gives back the text exactly. An approximation of a BPE
 * tokenizer, good enough for usage figures, limits and pacing.
 */
const TOKEN = /\s*(?:[\p{L}\p{M}]{1,8}|\p{N}{1,3}|[^\s\p{L}\p{M}\p{N}])|\s+/gu;

/** Splits text into token-sized pieces (their concatenation is the text). */
export function splitTokens(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** How many tokens `text` counts for. */
export function countTokens(text: string): number {
  let count = 0;
  TOKEN.lastIndex = 0;
  while (TOKEN.exec(text) !== null) count++;
  return count;
}

const partCounts = new WeakMap<object, { text: string; count: number }>();

/**
 * `countTokens(text)` of a text belonging to `owner` (an answer part), remembered per owner so
 * that an answer served again from a responder's cache is not counted again.
 */
export function countTokensOf(owner: object, text: string): number {
  const known = partCounts.get(owner);
  if (known !== undefined && known.text === text) return known.count;
  const count = countTokens(text);
  partCounts.set(owner, { text, count });
  return count;
}

const PER_MESSAGE_OVERHEAD = 3;
const PER_IMAGE = 1_000;

function countBlock(block: ContentBlock | SystemContentBlock): number {
  if (typeof block.text === 'string') return countTokens(block.text);
  // guardContent text goes to the model too; the guardrail only marks it for assessment.
  if (typeof block.guardContent?.text?.text === 'string') return countTokens(block.guardContent.text.text);
  const content = block as ContentBlock;
  if (content.toolUse) return countTokens(content.toolUse.name ?? '') + countTokens(JSON.stringify(content.toolUse.input ?? {})) + 4;
  if (content.toolResult) {
    let total = 4;
    for (const part of content.toolResult.content ?? []) {
      if (typeof part.text === 'string') total += countTokens(part.text);
      else if (part.json !== undefined) total += countTokens(JSON.stringify(part.json));
      else total += PER_IMAGE;
    }
    return total;
  }
  if (content.image || content.video) return PER_IMAGE;
  if (content.document) return 500;
  return 0;
}

/** Estimated input tokens of a Converse-shaped request. */
export function countInputTokens(input: {
  system?: SystemContentBlock[];
  messages?: Message[];
  toolConfig?: ToolConfiguration;
}): number {
  let total = 0;
  for (const block of input.system ?? []) total += countBlock(block);
  for (const message of input.messages ?? []) {
    total += PER_MESSAGE_OVERHEAD;
    for (const block of message.content ?? []) total += countBlock(block);
  }
  for (const tool of input.toolConfig?.tools ?? []) {
    if (tool.toolSpec) total += countTokens(JSON.stringify(tool.toolSpec)) + 10;
  }
  return total;
}
