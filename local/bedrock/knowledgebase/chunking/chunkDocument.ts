import type { ChunkingConfiguration } from '@aws-sdk/client-bedrock-agent';
import { fixedSizeChunks } from './fixedSizeChunks.js';
import { hierarchicalChunks } from './hierarchicalChunks.js';
import { semanticChunks } from './semanticChunks.js';

/** A chunk to embed, and (HIERARCHICAL) the parent chunk retrieval returns instead. */
export interface DocumentChunk {
  text: string;
  parentText?: string;
}

/** Bedrock's default when a data source sets no chunking: FIXED_SIZE, 300 tokens, 20 % overlap. */
export const DEFAULT_CHUNKING: ChunkingConfiguration = {
  chunkingStrategy: 'FIXED_SIZE',
  fixedSizeChunkingConfiguration: { maxTokens: 300, overlapPercentage: 20 },
};

/** Splits a parsed document as the data source's `chunkingConfiguration` says. */
export function chunkDocument(text: string, configuration: ChunkingConfiguration | undefined, embed: (text: string) => number[]): DocumentChunk[] {
  const chunking = configuration ?? DEFAULT_CHUNKING;
  switch (chunking.chunkingStrategy) {
    case 'NONE': {
      const whole = text.trim();
      return whole ? [{ text: whole }] : [];
    }
    case 'HIERARCHICAL': {
      const { levelConfigurations = [], overlapTokens = 60 } = chunking.hierarchicalChunkingConfiguration ?? {};
      const [parent = { maxTokens: 1500 }, child = { maxTokens: 300 }] = levelConfigurations;
      return hierarchicalChunks(text, parent.maxTokens ?? 1500, child.maxTokens ?? 300, overlapTokens);
    }
    case 'SEMANTIC': {
      const { maxTokens = 300, bufferSize = 0, breakpointPercentileThreshold = 95 } = chunking.semanticChunkingConfiguration ?? {};
      return semanticChunks(text, { maxTokens, bufferSize, breakpointPercentileThreshold }, embed).map((chunk) => ({ text: chunk }));
    }
    default: {
      const { maxTokens = 300, overlapPercentage = 20 } = chunking.fixedSizeChunkingConfiguration ?? {};
      return fixedSizeChunks(text, maxTokens, overlapPercentage).map((chunk) => ({ text: chunk }));
    }
  }
}
