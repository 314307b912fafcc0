/**
 * The combine step of the parallel analysis: reads the sentiment and keyword answers of the
 * model (JSON when the model followed the prompt, free text otherwise) into one result.
 */
import type { AnthropicMessagesBody, CombineInput, CombinedAnalysis } from './documentTypes.js';

const LABELS = ['positive', 'negative', 'neutral', 'mixed'] as const;

/** The text of an Anthropic Messages answer. */
export function answerText(body: AnthropicMessagesBody | undefined): string {
  return (body?.content ?? [])
    .filter((block) => block.type === 'text' && typeof block.text === 'string')
    .map((block) => block.text)
    .join('')
    .trim();
}

/** The first JSON object in a text, if any. */
function firstJsonObject(text: string): Record<string, unknown> | undefined {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start < 0 || end <= start) return undefined;
  try {
    const value: unknown = JSON.parse(text.slice(start, end + 1));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function readSentiment(text: string): CombinedAnalysis['sentiment'] {
  const json = firstJsonObject(text);
  const candidate = String(json?.sentiment ?? json?.label ?? '').toLowerCase();
  const label = LABELS.find((l) => l === candidate) ?? LABELS.find((l) => new RegExp(`\\b${l}\\b`, 'i').test(text)) ?? 'unknown';
  const explanation = typeof json?.explanation === 'string' ? json.explanation : text;
  return { label, explanation };
}

export function readKeywords(text: string): string[] {
  const json = firstJsonObject(text);
  const list = Array.isArray(json?.keywords) ? json.keywords : undefined;
  const words = list
    ? list.map(String)
    : text
        .split(/[,\n;]/)
        .map((w) => w.replace(/^\s*([-*•]|\d+[.)])\s*/, '').trim())
        .filter((w) => w !== '' && w.length <= 60);
  return [...new Set(words.map((w) => w.trim()).filter(Boolean))].slice(0, 20);
}

/** Combines the two branch results of the parallel analysis. */
export function combineResults(input: CombineInput): CombinedAnalysis {
  return {
    document_id: input.document_id,
    characters: input.characters,
    sentiment: readSentiment(answerText(input.sentiment)),
    keywords: readKeywords(answerText(input.keywords)),
  };
}
