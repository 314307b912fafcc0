/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Crude stemming so that "queues" and "queue" share a feature. */
function stem(word: string): string {
  return word.replace(/(?:ing|ed|es|s)$/u, '').replace(/(.)\1$/u, '$1') || word;
}

/**
 * A deterministic embedding where similar texts give similar vectors: hashed word features
 * (stemmed) plus character trigrams, signed, into `dimensions` buckets, L2-normalised unless
 * `normalize` is false. Same text → same vector; shared words → high cosine similarity.
 */
export function deterministicEmbedding(text: string, dimensions: number, normalize = true): number[] {
  const vector = new Float64Array(dimensions);
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const add = (feature: string, weight: number): void => {
    const hash = fnv1a(feature);
    vector[hash % dimensions] += hash & 0x8000_0000 ? -weight : weight;
  };
  for (const word of words) {
    const root = stem(word);
    add(`w:${root}`, 1);
    const padded = `^${root}$`;
    for (let index = 0; index + 3 <= padded.length; index++) add(`t:${padded.slice(index, index + 3)}`, 0.35);
  }
  for (let index = 0; index + 1 < words.length; index++) add(`b:${stem(words[index])} ${stem(words[index + 1])}`, 0.5);
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  const scale = normalize && norm > 0 ? 1 / norm : norm > 0 ? 1 / Math.sqrt(dimensions) : 0;
  return Array.from(vector, (value) => Math.round(value * scale * 1e7) / 1e7);
}

/** Cosine similarity of two vectors of the same length. */
export function cosineSimilarity(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let index = 0; index < a.length; index++) {
    dot += a[index] * b[index];
    normA += a[index] * a[index];
    normB += b[index] * b[index];
  }
  return normA === 0 || normB === 0 ? 0 : dot / Math.sqrt(normA * normB);
}
