/**
 * The offline embedding: no model, no network, the same vector for the same text on every machine,
 * and similar texts close together, so retrieval tests rank the relevant passage first. Measured on
 * the labelled set in `test/fixtures/embeddings/retrieval-set.json` (recall@5, see its test).
 */

/** FNV-1a, 32 bits. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** English function words: they say little about what a text is about, and would dominate short texts. */
const STOPWORDS = new Set(
  (
    'a about after all also am an and any are as at be been before being both but by can could did do does doing ' +
    'for from had has have having he her here hers him his how i if in into is it its itself just me more most my ' +
    'no nor not of off on once one only or other our ours out over own same she should so some such than that the ' +
    'their theirs them then there these they this those through to too under until up very was way we were what ' +
    'when where which while who whom why will with would you your yours thing things make made get got let use used'
  ).split(' '),
);

/** Suffixes removed by {@link stem}, longest first; the remaining stem keeps at least three letters. */
const SUFFIXES = ['ational', 'ization', 'fulness', 'iveness', 'ations', 'ation', 'ingly', 'ments', 'ment', 'ness', 'ings', 'ing', 'ies', 'ied', 'ers', 'er', 'ed', 'es', 'ly', 's'];

/**
 * A light stemmer so that inflections share a feature ("queues", "queued", "queueing" → "queu";
 * "retries", "retried" → "retri"): one suffix off, then a doubled final consonant undone.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      const base = word.slice(0, -suffix.length);
      const undoubled = /([^aeiouls])\1$/.test(base) ? base.slice(0, -1) : base;
      return suffix === 'ies' || suffix === 'ied' ? `${undoubled}i` : undoubled.replace(/e$/, '');
    }
  }
  return word.replace(/e$/, '');
}

/** The content words of a text, lower case and stemmed, in order. */
export function contentTerms(text: string): string[] {
  const words = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.filter((word) => !STOPWORDS.has(word)).map(stem);
}

/** Feature weights: whole terms count most; pairs of neighbouring terms and character 4-grams tie related forms together. */
const WEIGHTS = { term: 1, pair: 0.6, gram: 0.25 };

/**
 * A deterministic embedding where similar texts give similar vectors: hashed features of the text's
 * content words (stemmed terms, neighbouring term pairs, character 4-grams of each term), each with
 * sublinear term-frequency weighting (1 + ln tf), signed into `dimensions` buckets, L2-normalised
 * unless `normalize` is false. A text of stopwords only falls back to its raw words.
 */
export function deterministicEmbedding(text: string, dimensions: number, normalize = true): number[] {
  const counts = new Map<string, number>();
  const count = (feature: string, weight: number) => counts.set(feature, (counts.get(feature) ?? 0) + weight);
  let terms = contentTerms(text);
  if (terms.length === 0) terms = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  for (const [index, term] of terms.entries()) {
    count(`w:${term}`, WEIGHTS.term);
    const padded = `^${term}$`;
    for (let start = 0; start + 4 <= padded.length; start++) count(`g:${padded.slice(start, start + 4)}`, WEIGHTS.gram);
    if (index + 1 < terms.length) count(`b:${term} ${terms[index + 1]}`, WEIGHTS.pair);
  }
  const vector = new Float64Array(dimensions);
  for (const [feature, weight] of counts) {
    const hash = fnv1a(feature);
    const damped = weight > 1 ? 1 + Math.log(weight) : weight;
    vector[hash % dimensions] += hash & 0x8000_0000 ? -damped : damped;
  }
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
