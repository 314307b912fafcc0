import type { ModelFamily } from '../catalogue/ModelCatalogue.js';
import { amazonNova } from './amazonNova.js';
import { anthropicMessages } from './anthropicMessages.js';
import type { InvokeBodyCodec } from './InvokeBodyCodec.js';
import { metaLlama } from './metaLlama.js';
import { titanText } from './titanText.js';

const CODECS: Partial<Record<ModelFamily, InvokeBodyCodec>> = {
  anthropic: anthropicMessages,
  nova: amazonNova,
  llama: metaLlama,
  'titan-text': titanText,
};

/** The InvokeModel body codec of a text model family; undefined for the others (embeddings). */
export function codecFor(family: ModelFamily): InvokeBodyCodec | undefined {
  return CODECS[family];
}
