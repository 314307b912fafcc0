import type { ModelEntry } from '../catalogue/ModelCatalogue.js';
import { validationError } from '../errors.js';
import { embed } from '../families/embeddingBodies.js';

/**
 * Embeds chunks and queries with a knowledge base's `embeddingModelArn`, through the same model
 * families InvokeModel serves (Titan Text Embeddings, Cohere Embed), at the configured dimensions.
 */
export class KnowledgeBaseEmbedder {
  readonly dimensions: number;

  constructor(private readonly model: ModelEntry, dimensions: number | undefined) {
    if (model.kind !== 'embedding') throw validationError(`The model ${model.id} is not an embedding model.`);
    this.dimensions = dimensions ?? model.embeddingDimensions?.[0] ?? 1024;
  }

  /** One text's vector; throws the model's own error for a text it refuses (too long, empty). */
  embed(text: string, purpose: 'document' | 'query' = 'document'): number[] {
    const isCohere = this.model.family === 'cohere-embed';
    const body = isCohere
      ? { texts: [text], input_type: purpose === 'query' ? 'search_query' : 'search_document', ...(this.model.embeddingDimensions && this.model.embeddingDimensions.length > 1 ? { output_dimension: this.dimensions } : {}) }
      : { inputText: text, ...(this.model.id.includes('-v2') ? { dimensions: this.dimensions } : {}) };
    const answer = embed(body, this.model).body as { embedding?: number[]; embeddings?: number[][] };
    const vector = answer.embedding ?? answer.embeddings?.[0];
    if (!vector) throw new Error(`the embedding model ${this.model.id} answered no vector`);
    return vector;
  }
}
