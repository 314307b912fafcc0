import { countTokens, splitTokens } from '../../conversation/tokenEstimator.js';
import { cosineSimilarity } from '../../embeddings/deterministicEmbedding.js';
import { tokenWindows } from './fixedSizeChunks.js';

/** Splits text into sentences (ends at `.`, `!`, `?` followed by space, or a blank line). */
export function splitSentences(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n\s*\n/u)
    .map((sentence) => sentence.trim())
    .filter(Boolean);
}

function percentile(values: number[], percent: number): number {
  if (values.length === 0) return Infinity;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((percent / 100) * sorted.length))];
}

/**
 * SEMANTIC chunking, approximated: each sentence is embedded together with `bufferSize` sentences
 * either side; where the distance between consecutive groups is at or above the
 * `breakpointPercentileThreshold` percentile of all distances, a new chunk starts. A chunk that
 * would pass `maxTokens` is cut there too (and one sentence longer than that is split into windows).
 */
export function semanticChunks(
  text: string,
  configuration: { maxTokens: number; bufferSize: number; breakpointPercentileThreshold: number },
  embed: (text: string) => number[],
): string[] {
  const sentences = splitSentences(text).flatMap((sentence) =>
    countTokens(sentence) > configuration.maxTokens ? tokenWindows(splitTokens(sentence), configuration.maxTokens, 0) : [sentence],
  );
  if (sentences.length <= 1) return sentences;
  const groups = sentences.map((_, index) =>
    embed(sentences.slice(Math.max(0, index - configuration.bufferSize), index + configuration.bufferSize + 1).join(' ')),
  );
  const distances = groups.slice(1).map((group, index) => 1 - cosineSimilarity(groups[index], group));
  const threshold = percentile(distances, configuration.breakpointPercentileThreshold);
  const chunks: string[] = [];
  let current = sentences[0];
  for (let index = 1; index < sentences.length; index++) {
    const joined = `${current} ${sentences[index]}`;
    if (distances[index - 1] >= threshold || countTokens(joined) > configuration.maxTokens) {
      chunks.push(current);
      current = sentences[index];
    } else {
      current = joined;
    }
  }
  chunks.push(current);
  return chunks;
}
