import { randomUUID } from 'node:crypto';
import type { ModelEntry } from '../catalogue/ModelCatalogue.js';
import { countTokens } from '../conversation/tokenEstimator.js';
import { deterministicEmbedding } from '../embeddings/deterministicEmbedding.js';
import { malformed, requireKeys } from './InvokeBodyCodec.js';

/** An embedding model's answer and the tokens it counted. */
interface EmbeddingAnswer {
  body: unknown;
  inputTokens: number;
}

const COHERE_INPUT_TYPES = ['search_document', 'search_query', 'classification', 'clustering', 'image'];

function chooseDimension(model: ModelEntry, requested: unknown, path: string): number {
  const allowed = model.embeddingDimensions ?? [1024];
  if (requested === undefined) return allowed[0];
  if (typeof requested !== 'number' || !allowed.includes(requested)) {
    throw malformed(`#/${path}: ${String(requested)} is not a valid enum value`);
  }
  return requested;
}

/** Titan Text Embeddings (v1, v2): `{inputText, dimensions?, normalize?, embeddingTypes?}`. */
function titanEmbedding(body: unknown, model: ModelEntry): EmbeddingAnswer {
  const request = requireKeys(body, ['inputText']);
  if (typeof request.inputText !== 'string') throw malformed(`#/inputText: expected type: String, found: ${typeof request.inputText}`);
  if (request.inputText.length === 0) throw malformed('#/inputText: expected minLength: 1, actual: 0');
  const isV2 = model.id.includes('-v2');
  const dimensions = isV2 ? chooseDimension(model, request.dimensions, 'dimensions') : (model.embeddingDimensions?.[0] ?? 1536);
  const normalize = isV2 ? request.normalize !== false : true;
  const inputTokens = countTokens(request.inputText);
  if (inputTokens > model.contextWindow) throw malformed(`#/inputText: too many input tokens (${inputTokens} > ${model.contextWindow})`);
  const embedding = deterministicEmbedding(request.inputText, dimensions, normalize);
  if (!isV2) return { body: { embedding, inputTextTokenCount: inputTokens }, inputTokens };
  const types = Array.isArray(request.embeddingTypes) ? (request.embeddingTypes as string[]) : ['float'];
  const embeddingsByType: Record<string, number[]> = {};
  if (types.includes('float')) embeddingsByType.float = embedding;
  if (types.includes('binary')) embeddingsByType.binary = embedding.map((value) => (value > 0 ? 1 : 0));
  return { body: { embedding, embeddingsByType, inputTextTokenCount: inputTokens }, inputTokens };
}

/** Cohere Embed (v3, v4): `{texts, input_type, embedding_types?, output_dimension?}`. */
function cohereEmbedding(body: unknown, model: ModelEntry): EmbeddingAnswer {
  const request = requireKeys(body, ['input_type']);
  const texts = request.texts;
  if (!Array.isArray(texts) || texts.length === 0) throw malformed('#/texts: expected minItems: 1');
  if (texts.length > 96) throw malformed(`#/texts: expected maxItems: 96, found: ${texts.length}`);
  if (texts.some((text) => typeof text !== 'string')) throw malformed('#/texts: expected type: String');
  if (!COHERE_INPUT_TYPES.includes(String(request.input_type))) throw malformed(`#/input_type: ${String(request.input_type)} is not a valid enum value`);
  const dimensions = chooseDimension(model, request.output_dimension, 'output_dimension');
  const vectors = (texts as string[]).map((text) => deterministicEmbedding(text, dimensions));
  const inputTokens = (texts as string[]).reduce((total, text) => total + countTokens(text), 0);
  const types = Array.isArray(request.embedding_types) ? (request.embedding_types as string[]) : undefined;
  if (!types) return { body: { id: randomUUID(), embeddings: vectors, response_type: 'embeddings_floats', texts }, inputTokens };
  const byType: Record<string, number[][]> = {};
  for (const type of types) {
    if (type === 'float') byType.float = vectors;
    else if (type === 'int8' || type === 'uint8') byType[type] = vectors.map((vector) => vector.map((value) => Math.round(value * 127) + (type === 'uint8' ? 128 : 0)));
    else if (type === 'binary' || type === 'ubinary') byType[type] = vectors.map((vector) => vector.map((value) => (value > 0 ? 1 : 0)));
    else throw malformed(`#/embedding_types: ${type} is not a valid enum value`);
  }
  return { body: { id: randomUUID(), embeddings: byType, response_type: 'embeddings_by_type', texts }, inputTokens };
}

/** The embedding answer for an embedding model's InvokeModel body. */
export function embed(body: unknown, model: ModelEntry): EmbeddingAnswer {
  return model.family === 'cohere-embed' ? cohereEmbedding(body, model) : titanEmbedding(body, model);
}
