import { splitTokens } from '../../conversation/tokenEstimator.js';
import { tokenWindows } from './fixedSizeChunks.js';

/** A child chunk (searched) and the parent chunk it belongs to (returned). */
export interface HierarchicalChunk {
  text: string;
  parentText: string;
}

/**
 * HIERARCHICAL chunking: parents of `parentMaxTokens`, each split into children of
 * `childMaxTokens`; consecutive chunks of a level overlap by `overlapTokens`. Children are embedded
 * and searched; retrieval answers with their parent's text, as Bedrock does.
 */
export function hierarchicalChunks(text: string, parentMaxTokens: number, childMaxTokens: number, overlapTokens: number): HierarchicalChunk[] {
  const chunks: HierarchicalChunk[] = [];
  for (const parentText of tokenWindows(splitTokens(text), parentMaxTokens, overlapTokens)) {
    for (const child of tokenWindows(splitTokens(parentText), childMaxTokens, overlapTokens)) chunks.push({ text: child, parentText });
  }
  return chunks;
}
