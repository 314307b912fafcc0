import { describe, expect, it } from 'vitest';
import { deterministicEmbedding } from '../../../../local/bedrock/embeddings/deterministicEmbedding.js';
import { KnowledgeBaseIndex, type IndexedChunk } from '../../../../local/bedrock/knowledgebase/KnowledgeBaseIndex.js';

const DIMENSIONS = 128;
const TEXTS = {
  refund: 'Refunds are paid within 30 days of the return.',
  shipping: 'Express shipping takes two business days.',
  sku: 'Part number XJ-9000 is the replacement filter.',
};

function chunk(id: keyof typeof TEXTS, metadata: IndexedChunk['metadata'] = {}): IndexedChunk {
  return { chunkId: id, dataSourceId: 'DS', documentKey: `${id}.md`, sourceUri: `s3://b/${id}.md`, text: TEXTS[id], metadata };
}

function indexOf(): KnowledgeBaseIndex {
  const index = new KnowledgeBaseIndex(DIMENSIONS);
  for (const id of Object.keys(TEXTS) as Array<keyof typeof TEXTS>) index.add(chunk(id, { kind: id }), deterministicEmbedding(TEXTS[id], DIMENSIONS));
  return index;
}

const query = (text: string) => deterministicEmbedding(text, DIMENSIONS);

describe('the local knowledge-base index', () => {
  it('semantic search ranks by cosine similarity and honours the filter', () => {
    const index = indexOf();
    expect(index.semantic(query('how long do refunds take'), 3)[0].chunk.chunkId).toBe('refund');
    expect(index.semantic(query('how long do refunds take'), 3, (metadata) => metadata.kind !== 'refund').map((hit) => hit.chunk.chunkId)).not.toContain('refund');
  });

  it('hybrid search adds exact keyword matches (full text) to the semantic ranking', () => {
    const index = indexOf();
    const hits = index.hybrid(query('XJ-9000'), 'XJ-9000', 1);
    expect(hits[0].chunk.chunkId).toBe('sku');
    expect(hits[0].score).toBeGreaterThan(0.5);
  });

  it('removes chunks and reuses their slots', () => {
    const index = indexOf();
    index.remove('refund');
    index.add(chunk('refund'), query(TEXTS.refund));
    index.remove('shipping');
    expect(index.size).toBe(2);
    expect(index.semantic(query('express shipping'), 5).map((hit) => hit.chunk.chunkId)).not.toContain('shipping');
    expect(index.hybrid(query('express shipping'), 'express shipping', 5).map((hit) => hit.chunk.chunkId)).not.toContain('shipping');
  });

  it('survives a snapshot round trip with the same answers', () => {
    const index = indexOf();
    index.remove('shipping');
    const restored = KnowledgeBaseIndex.fromSnapshot(JSON.parse(JSON.stringify(index.snapshot())));
    expect(restored.size).toBe(2);
    expect(restored.semantic(query('refund'), 2)).toEqual(index.semantic(query('refund'), 2));
    expect(restored.hybrid(query('XJ-9000'), 'XJ-9000', 2)).toEqual(index.hybrid(query('XJ-9000'), 'XJ-9000', 2));
  });
});
