/**
 * Retrieval quality of the offline embeddings on a small labelled set (60 short documents, 50
 * questions phrased in other words): recall@5 and recall@1 are printed and must stay above their
 * floors. Measured when the floors were set (2026-12-07): 1024 dimensions recall@5 1.00, recall@1
 * 0.94; 256 dimensions recall@5 1.00, recall@1 0.92. The previous embedding (no stopwords, linear
 * term counts, trigrams) scored recall@5 0.98 and recall@1 0.88 / 0.78, below these floors.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { cosineSimilarity, deterministicEmbedding } from '../../../local/bedrock/embeddings/deterministicEmbedding.js';

interface RetrievalSet {
  documents: Record<string, string>;
  queries: { query: string; relevant: string[] }[];
}

const set = JSON.parse(readFileSync(path.resolve('test/fixtures/embeddings/retrieval-set.json'), 'utf8')) as RetrievalSet;

/** Recall@k: the share of queries with a relevant document among the k nearest (cosine, exact search). */
function recallAt(k: number, dimensions: number): number {
  const documents = Object.entries(set.documents).map(([id, text]) => ({ id, vector: deterministicEmbedding(text, dimensions) }));
  const found = set.queries.filter(({ query, relevant }) => {
    const vector = deterministicEmbedding(query, dimensions);
    const ranked = documents.map((doc) => ({ id: doc.id, score: cosineSimilarity(vector, doc.vector) })).sort((a, b) => b.score - a.score);
    return ranked.slice(0, k).some((hit) => relevant.includes(hit.id));
  });
  return found.length / set.queries.length;
}

describe('deterministic embeddings: recall on the labelled retrieval set', () => {
  it('has enough documents and questions, each question labelled with documents of the set', () => {
    expect(Object.keys(set.documents).length).toBeGreaterThanOrEqual(60);
    expect(set.queries.length).toBeGreaterThanOrEqual(30);
    for (const { relevant } of set.queries) for (const id of relevant) expect(set.documents).toHaveProperty(id);
  });

  it.each([
    [1024, 0.96, 0.92],
    [256, 0.96, 0.9],
  ])('at %i dimensions: recall@5 ≥ %f, recall@1 ≥ %f', (dimensions, floor5, floor1) => {
    const at5 = recallAt(5, dimensions);
    const at1 = recallAt(1, dimensions);
    console.log(`deterministic embeddings, ${dimensions} dimensions: recall@5 ${at5.toFixed(2)}, recall@1 ${at1.toFixed(2)} (${set.queries.length} queries)`);
    expect(at5).toBeGreaterThanOrEqual(floor5);
    expect(at1).toBeGreaterThanOrEqual(floor1);
  });
});
