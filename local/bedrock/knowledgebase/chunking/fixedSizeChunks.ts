import { splitTokens } from '../../conversation/tokenEstimator.js';

/**
 * FIXED_SIZE chunking: windows of `maxTokens` tokens, each starting `overlapPercentage` % of a
 * window before the previous one ended. Tokens are the fake's token estimate (see
 * tokenEstimator.ts), so chunk edges fall near, not exactly where, Bedrock's tokenizer puts them.
 */
export function fixedSizeChunks(text: string, maxTokens: number, overlapPercentage: number): string[] {
  return tokenWindows(splitTokens(text), maxTokens, Math.floor((maxTokens * overlapPercentage) / 100));
}

/** Windows of `size` tokens overlapping by `overlap` tokens, trimmed, empty ones dropped. */
export function tokenWindows(tokens: string[], size: number, overlap: number): string[] {
  const step = Math.max(1, size - Math.min(overlap, size - 1));
  const windows: string[] = [];
  for (let start = 0; start < tokens.length; start += step) {
    const window = tokens.slice(start, start + size).join('').trim();
    if (window) windows.push(window);
    if (start + size >= tokens.length) break;
  }
  return windows;
}
