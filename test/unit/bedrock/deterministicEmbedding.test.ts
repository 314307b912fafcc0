import { describe, expect, it } from 'vitest';
import { contentTerms, cosineSimilarity, deterministicEmbedding, stem } from '../../../local/bedrock/embeddings/deterministicEmbedding.js';

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

describe('stem and contentTerms', () => {
  it('gives inflections one stem and drops function words', () => {
    expect(new Set(['queue', 'queues', 'queued', 'queueing'].map(stem)).size).toBe(1);
    expect(stem('retries')).toBe(stem('retried'));
    expect(stem('throttling')).toBe(stem('throttled'));
    expect(contentTerms('What is the visibility timeout of a queue?')).toEqual(['visibility', 'timeout', 'queu']);
  });

  it('embeds a text of function words only from those words rather than as a zero vector', () => {
    const vector = deterministicEmbedding('what is it', 64);
    expect(vector.some((value) => value !== 0)).toBe(true);
  });
});
