import { Index as FullTextIndex } from 'flexsearch';
import type { DocumentMetadata } from './metadata.js';
import type { MetadataPredicate } from './metadataFilter.js';

/** One indexed chunk of a document. */
export interface IndexedChunk {
  /** Unique in the knowledge base (`x-amz-bedrock-kb-chunk-id`). */
  chunkId: string;
  dataSourceId: string;
  /** The S3 object key the chunk comes from. */
  documentKey: string;
  /** `s3://bucket/key` (`x-amz-bedrock-kb-source-uri`). */
  sourceUri: string;
  /** The text searched and embedded. */
  text: string;
  /** HIERARCHICAL chunking: the parent chunk returned in place of this child. */
  parentText?: string;
  metadata: DocumentMetadata;
}

export interface SearchHit {
  chunk: IndexedChunk;
  score: number;
}

/** What a persisted index holds: chunks and their vectors (little-endian float32, base64). */
export interface IndexSnapshot {
  dimensions: number;
  chunks: IndexedChunk[];
  vectors: string;
}

const INITIAL_CAPACITY = 256;
/** Hybrid search fuses this many candidates of each kind (at least). */
const HYBRID_CANDIDATES = 50;
/** Full-text matches fetched per candidate wanted, so that a metadata filter applied after still leaves enough. */
const KEYWORD_OVERFETCH = 4;

/**
 * The local vector store of one knowledge base: exact (brute-force) inner-product search over
 * L2-normalised float32 vectors kept in one contiguous array, and a FlexSearch full-text index over
 * the same chunks for HYBRID search. Exact search means recall 1.0 against itself; see
 * docs/knowledge-bases.md for the measurements that chose it over Orama and an HNSW index.
 */
export class KnowledgeBaseIndex {
  private vectors: Float32Array;
  private readonly slots: Array<IndexedChunk | undefined> = [];
  private readonly free: number[] = [];
  private readonly slotOf = new Map<string, number>();
  private readonly fullText = new FullTextIndex({ tokenize: 'strict', resolution: 9 });

  constructor(readonly dimensions: number) {
    this.vectors = new Float32Array(INITIAL_CAPACITY * dimensions);
  }

  get size(): number {
    return this.slotOf.size;
  }

  /** Adds (or replaces) a chunk with its vector. */
  add(chunk: IndexedChunk, vector: ArrayLike<number>): void {
    if (vector.length !== this.dimensions) throw new Error(`vector of ${vector.length} dimensions in an index of ${this.dimensions}`);
    this.remove(chunk.chunkId);
    const slot = this.free.pop() ?? this.slots.length;
    if ((slot + 1) * this.dimensions > this.vectors.length) this.grow();
    this.vectors.set(normalised(vector), slot * this.dimensions);
    this.slots[slot] = chunk;
    this.slotOf.set(chunk.chunkId, slot);
    this.fullText.add(slot, chunk.text);
  }

  remove(chunkId: string): void {
    const slot = this.slotOf.get(chunkId);
    if (slot === undefined) return;
    this.fullText.remove(slot);
    this.slots[slot] = undefined;
    this.slotOf.delete(chunkId);
    this.free.push(slot);
  }

  /** Every chunk of one document. */
  chunksOf(dataSourceId: string, documentKey: string): IndexedChunk[] {
    return this.slots.filter((chunk): chunk is IndexedChunk => chunk?.dataSourceId === dataSourceId && chunk.documentKey === documentKey);
  }

  private grow(): void {
    const larger = new Float32Array(this.vectors.length * 2);
    larger.set(this.vectors);
    this.vectors = larger;
  }

  /** The `limit` chunks nearest the query vector (cosine), best first, among those `accept` passes. */
  semantic(query: ArrayLike<number>, limit: number, accept: MetadataPredicate = () => true): SearchHit[] {
    const q = normalised(query);
    const top = new TopK(limit);
    const { dimensions, vectors } = this;
    for (let slot = 0; slot < this.slots.length; slot++) {
      const chunk = this.slots[slot];
      if (!chunk || !accept(chunk.metadata)) continue;
      top.offer(slot, dotProduct(vectors, slot * dimensions, q));
    }
    return top.sorted().map(({ slot, score }) => ({ chunk: this.slots[slot]!, score: roundScore(score) }));
  }

  /**
   * HYBRID: the semantic candidates (cosine, min-max normalised to 0–1) and the full-text candidates
   * (FlexSearch's relevance order, scored 1 for the first down to 1/n for the n-th), combined by the
   * mean of the two (a missing side counts 0) — the normalise-then-average combination of an
   * OpenSearch hybrid query, with ranks standing in for BM25 scores on the keyword side.
   */
  hybrid(query: ArrayLike<number>, text: string, limit: number, accept: MetadataPredicate = () => true): SearchHit[] {
    const candidates = Math.max(limit, HYBRID_CANDIDATES);
    const semantic = minMax(this.semantic(query, candidates, accept));
    const matches = (this.fullText.search(text, { limit: candidates * KEYWORD_OVERFETCH, suggest: true }) as number[])
      .map((slot) => this.slots[slot])
      .filter((chunk): chunk is IndexedChunk => chunk !== undefined && accept(chunk.metadata))
      .slice(0, candidates);
    const keyword = matches.map((chunk, rank) => ({ chunk, score: 1 - rank / matches.length }));
    const combined = new Map<string, { chunk: IndexedChunk; score: number }>();
    for (const { chunk, score } of [...semantic, ...keyword]) {
      const entry = combined.get(chunk.chunkId) ?? { chunk, score: 0 };
      entry.score += score / 2;
      combined.set(chunk.chunkId, entry);
    }
    return [...combined.values()]
      .sort((a, b) => b.score - a.score || a.chunk.chunkId.localeCompare(b.chunk.chunkId))
      .slice(0, limit)
      .map(({ chunk, score }) => ({ chunk, score: roundScore(score) }));
  }

  snapshot(): IndexSnapshot {
    const chunks: IndexedChunk[] = [];
    const vectors = new Float32Array(this.size * this.dimensions);
    for (const [slot, chunk] of this.slots.entries()) {
      if (!chunk) continue;
      vectors.set(this.vectors.subarray(slot * this.dimensions, (slot + 1) * this.dimensions), chunks.length * this.dimensions);
      chunks.push(chunk);
    }
    return { dimensions: this.dimensions, chunks, vectors: Buffer.from(vectors.buffer).toString('base64') };
  }

  static fromSnapshot(snapshot: IndexSnapshot): KnowledgeBaseIndex {
    const index = new KnowledgeBaseIndex(snapshot.dimensions);
    const bytes = Buffer.from(snapshot.vectors, 'base64');
    const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    snapshot.chunks.forEach((chunk, position) => index.add(chunk, vectors.subarray(position * snapshot.dimensions, (position + 1) * snapshot.dimensions)));
    return index;
  }
}

function normalised(vector: ArrayLike<number>): Float32Array {
  const out = Float32Array.from(vector);
  let norm = 0;
  for (const value of out) norm += value * value;
  if (norm > 0) {
    const scale = 1 / Math.sqrt(norm);
    for (let index = 0; index < out.length; index++) out[index] *= scale;
  }
  return out;
}

/** `vectors[offset…]` · `q`, four accumulators (about a third faster than one in V8). */
function dotProduct(vectors: Float32Array, offset: number, q: Float32Array): number {
  let a = 0;
  let b = 0;
  let c = 0;
  let d = 0;
  const end = q.length - (q.length % 4);
  let index = 0;
  for (; index < end; index += 4) {
    a += vectors[offset + index] * q[index];
    b += vectors[offset + index + 1] * q[index + 1];
    c += vectors[offset + index + 2] * q[index + 2];
    d += vectors[offset + index + 3] * q[index + 3];
  }
  for (; index < q.length; index++) a += vectors[offset + index] * q[index];
  return a + b + c + d;
}

function roundScore(score: number): number {
  return Math.round(score * 1e6) / 1e6;
}

function minMax(hits: SearchHit[]): SearchHit[] {
  if (hits.length === 0) return hits;
  const scores = hits.map((hit) => hit.score);
  const low = Math.min(...scores);
  const range = Math.max(...scores) - low;
  return hits.map(({ chunk, score }) => ({ chunk, score: range === 0 ? 1 : (score - low) / range }));
}

/** The k best (slot, score) pairs seen, kept sorted; k is at most a few hundred. */
class TopK {
  private readonly items: Array<{ slot: number; score: number }> = [];
  constructor(private readonly k: number) {}

  offer(slot: number, score: number): void {
    const { items, k } = this;
    if (k <= 0 || (items.length === k && score <= items[k - 1].score)) return;
    let position = items.length;
    while (position > 0 && items[position - 1].score < score) position--;
    items.splice(position, 0, { slot, score });
    if (items.length > k) items.pop();
  }

  sorted(): Array<{ slot: number; score: number }> {
    return this.items;
  }
}
