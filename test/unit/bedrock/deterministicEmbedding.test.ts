import { describe, expect, it } from 'vitest';
import { cosineSimilarity, deterministicEmbedding } from '../../../local/bedrock/embeddings/deterministicEmbedding.js';

describe('deterministicEmbedding', () => {
  it('is deterministic, of the requested dimension and unit length', () => {
    const vector = deterministicEmbedding('The queue delivers messages in order.', 512);
    expect(vector).toHaveLength(512);
    expect(deterministicEmbedding('The queue delivers messages in order.', 512)).toEqual(vector);
    expect(Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0))).toBeCloseTo(1, 5);
  });

  it('puts similar texts closer than unrelated ones', () => {
    const query = deterministicEmbedding('How do I delete my account?', 1024);
    const close = deterministicEmbedding('Deleting an account: how to do it', 1024);
    const far = deterministicEmbedding('The weather in Lisbon is sunny in July.', 1024);
    expect(cosineSimilarity(query, close)).toBeGreaterThan(cosineSimilarity(query, far) + 0.2);
  });
});
