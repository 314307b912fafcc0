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
 * and searched by cosine similarity. Loaded on first use, reloaded after `reset()`.
 */
export class KnowledgeBaseStore {
  private readonly cache = new Map<string, KnowledgeChunk[]>();

  constructor(private readonly directory: string | undefined) {}

  reset(): void {
    this.cache.clear();
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
    const cached = this.cache.get(knowledgeBaseId);
    if (cached) return cached;
    const folder = this.folderFor(knowledgeBaseId);
    if (!folder) throw new BedrockError('ResourceNotFoundException', `Knowledge Base with id ${knowledgeBaseId} does not exist`);
    const chunks: KnowledgeChunk[] = [];
    for (const name of readdirSync(folder).sort()) {
      if (!DOCUMENT_EXTENSIONS.has(extname(name).toLowerCase())) continue;
      const uri = `s3://local-knowledge-base/${knowledgeBaseId}/${name}`;
      chunkDocument(readFileSync(join(folder, name), 'utf8')).forEach((text, index) => {
        chunks.push({ chunkId: `${name}#${index}`, text, uri, vector: deterministicEmbedding(text, DIMENSIONS) });
      });
    }
    this.cache.set(knowledgeBaseId, chunks);
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
