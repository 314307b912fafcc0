import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../../local/bedrock/conversation/tokenEstimator.js';
import { deterministicEmbedding } from '../../../../local/bedrock/embeddings/deterministicEmbedding.js';
import { chunkDocument } from '../../../../local/bedrock/knowledgebase/chunking/chunkDocument.js';
import { fixedSizeChunks } from '../../../../local/bedrock/knowledgebase/chunking/fixedSizeChunks.js';
import { splitSentences } from '../../../../local/bedrock/knowledgebase/chunking/semanticChunks.js';

const embed = (text: string) => deterministicEmbedding(text, 256);
const words = (count: number, word = 'alpha') => Array.from({ length: count }, (_, index) => `${word}${index}`).join(' ');

describe('chunking strategies', () => {
  it('FIXED_SIZE: windows of maxTokens that overlap by overlapPercentage', () => {
    // Prepare
    const text = Array.from({ length: 100 }, (_, index) => `w${index}`).join(' ');
    // Act
    const chunks = fixedSizeChunks(text, 20, 25);
    // Assess
    for (const chunk of chunks) expect(countTokens(chunk)).toBeLessThanOrEqual(20);
    const firstEnd = chunks[0].split(' ').slice(-2).join(' ');
    expect(chunks[1].startsWith(firstEnd.split(' ')[0]) || chunks[1].includes(firstEnd)).toBe(true);
    expect(chunks.at(-1)).toContain('w99');
    expect(chunks.join(' ')).toContain('w50');
  });

  it('defaults to FIXED_SIZE 300 tokens with 20 % overlap', () => {
    // Act
    const chunks = chunkDocument(words(400), undefined, embed);
    // Assess
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((chunk) => countTokens(chunk.text)))).toBeLessThanOrEqual(300);
  });

  it('NONE: one chunk per document', () => {
    expect(chunkDocument(`  ${words(700)}  `, { chunkingStrategy: 'NONE' }, embed)).toEqual([{ text: words(700) }]);
  });

  it('HIERARCHICAL: small children searched, each carrying the parent chunk it belongs to', () => {
    // Act
    const chunks = chunkDocument(words(600), { chunkingStrategy: 'HIERARCHICAL', hierarchicalChunkingConfiguration: { levelConfigurations: [{ maxTokens: 200 }, { maxTokens: 50 }], overlapTokens: 10 } }, embed);
    // Assess
    const parents = new Set(chunks.map((chunk) => chunk.parentText));
    expect(parents.size).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(countTokens(chunk.text)).toBeLessThanOrEqual(50);
      expect(chunk.parentText).toContain(chunk.text);
      expect(countTokens(chunk.parentText!)).toBeLessThanOrEqual(200);
    }
  });

  it('SEMANTIC: breaks where consecutive sentences change topic, within maxTokens', () => {
    // Prepare
    const cooking = 'Bake the bread in a hot oven. Knead the bread dough for ten minutes. Let the bread dough rise in a warm oven.';
    const networks = 'Routers forward packets between networks. Packets carry network addresses. Network switches forward packets inside one network.';
    // Act
    const chunks = chunkDocument(`${cooking} ${networks}`, { chunkingStrategy: 'SEMANTIC', semanticChunkingConfiguration: { maxTokens: 300, bufferSize: 0, breakpointPercentileThreshold: 80 } }, embed);
    // Assess
    expect(chunks.map((chunk) => chunk.text)).toContain(networks);
    expect(chunks.map((chunk) => chunk.text).join(' ')).toBe(`${cooking} ${networks}`);
  });

  it('SEMANTIC: never passes maxTokens', () => {
    const chunks = chunkDocument(`${words(80)}. ${words(80, 'beta')}. ${words(80, 'gamma')}.`, { chunkingStrategy: 'SEMANTIC', semanticChunkingConfiguration: { maxTokens: 100, bufferSize: 1, breakpointPercentileThreshold: 99 } }, embed);
    for (const chunk of chunks) expect(countTokens(chunk.text)).toBeLessThanOrEqual(100);
  });

  it('splits sentences at end punctuation and blank lines', () => {
    expect(splitSentences('One. Two? Three!\n\nFour')).toEqual(['One.', 'Two?', 'Three!', 'Four']);
  });
});
