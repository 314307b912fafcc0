import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { cosineSimilarity, deterministicEmbedding } from '../embeddings/deterministicEmbedding.js';
import { BedrockError } from '../errors.js';

/** One chunk of a knowledge-base document, embedded. */
export interface KnowledgeChunk {
  chunkId: string;
  text: string;
  /** `s3://local-knowledge-base/<kbId>/<file>`: where the chunk came from. */
  uri: string;
  vector: number[];
}

const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt']);
/** Embedded folders kept in memory, least recently used evicted first. */
export const MAX_CACHED_FOLDERS = 16;

/** A chunk as embedded once per folder; the knowledge base id only changes its URI. */
interface EmbeddedChunk {
  file: string;
  index: number;
  text: string;
  vector: number[];
}
const CHUNK_CHARACTERS = 800;
const DIMENSIONS = 1024;

/** Splits a document into chunks of whole paragraphs, up to ~800 characters each. */
function chunkDocument(text: string): string[] {
  const paragraphs = text.split(/\n\s*\n/).map((paragraph) => paragraph.trim()).filter(Boolean);
  const chunks: string[] = [];
  let current = '';
  for (const paragraph of paragraphs) {
    if (current && current.length + paragraph.length + 2 > CHUNK_CHARACTERS) {
      chunks.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${paragraph}` : paragraph;
  }
  if (current) chunks.push(current);
  return chunks;
}

/**
 * Knowledge bases over a local folder: `<dir>/<knowledgeBaseId>/*.md|txt` per knowledge base,
 * or files directly in `<dir>` for any id. Chunks are embedded with the deterministic embedding
 * and searched by cosine similarity. Loaded on first use, reloaded after `reset()`. The cache is
 * keyed by folder (any id may name the shared folder, so ids would grow it without bound) and
 * keeps at most {@link MAX_CACHED_FOLDERS} folders.
 */
export class KnowledgeBaseStore {
  private readonly cache = new Map<string, EmbeddedChunk[]>();

  constructor(private readonly directory: string | undefined) {}

  reset(): void {
    this.cache.clear();
  }

  /** How many embedded folders are in memory. */
  get cachedFolders(): number {
    return this.cache.size;
  }

  private folderFor(knowledgeBaseId: string): string | undefined {
    if (!this.directory || !existsSync(this.directory)) return undefined;
    const own = join(this.directory, knowledgeBaseId);
    if (/^[0-9a-zA-Z_-]+$/.test(knowledgeBaseId) && existsSync(own) && statSync(own).isDirectory()) return own;
    const shared = readdirSync(this.directory).some((name) => DOCUMENT_EXTENSIONS.has(extname(name).toLowerCase()));
    return shared ? this.directory : undefined;
  }

  /** The chunks of a knowledge base; ResourceNotFoundException if it has no documents. */
  chunks(knowledgeBaseId: string): KnowledgeChunk[] {
    const folder = this.folderFor(knowledgeBaseId);
    if (!folder) throw new BedrockError('ResourceNotFoundException', `Knowledge Base with id ${knowledgeBaseId} does not exist`);
    return this.embedded(folder).map(({ file, index, text, vector }) => ({
      chunkId: `${file}#${index}`,
      text,
      uri: `s3://local-knowledge-base/${knowledgeBaseId}/${file}`,
      vector,
    }));
  }

  private embedded(folder: string): EmbeddedChunk[] {
    const cached = this.cache.get(folder);
    if (cached) {
      // Most recently used last.
      this.cache.delete(folder);
      this.cache.set(folder, cached);
      return cached;
    }
    const chunks: EmbeddedChunk[] = [];
    for (const file of readdirSync(folder).sort()) {
      if (!DOCUMENT_EXTENSIONS.has(extname(file).toLowerCase())) continue;
      chunkDocument(readFileSync(join(folder, file), 'utf8')).forEach((text, index) => {
        chunks.push({ file, index, text, vector: deterministicEmbedding(text, DIMENSIONS) });
      });
    }
    this.cache.set(folder, chunks);
    while (this.cache.size > MAX_CACHED_FOLDERS) this.cache.delete(this.cache.keys().next().value!);
    return chunks;
  }

  /** The `limit` chunks most similar to the query, best first, with their scores. */
  search(knowledgeBaseId: string, query: string, limit: number): Array<{ chunk: KnowledgeChunk; score: number }> {
    const vector = deterministicEmbedding(query, DIMENSIONS);
    return this.chunks(knowledgeBaseId)
      .map((chunk) => ({ chunk, score: Math.round(cosineSimilarity(vector, chunk.vector) * 1e6) / 1e6 }))
      .sort((a, b) => b.score - a.score)
      .slice(0, limit);
  }
}
