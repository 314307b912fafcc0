import { existsSync, readFileSync } from 'node:fs';
import type { ModelEntry } from './ModelCatalogue.js';
import type { ModelLifecycleDates } from './modelLifecycle.js';

/** Where a project keeps its overlay, relative to the project (template) directory: commit it. */
export const OVERLAY_FILE = '.genai-kit/models.json';

/** One model of an overlay: its id and the fields that replace (or, for a new model, make) the entry. */
export type OverlayModel = Partial<Omit<ModelEntry, 'lifecycle'>> & { id: string; lifecycle?: ModelLifecycleDates };

/** The overlay file: models merged on top of the built-in catalogue, and what they came from. */
export interface CatalogueOverlay {
  $comment?: string;
  /** Each import: the file, what it held, the day. */
  imports?: Array<{ file: string; kind: string; day: string; models: number }>;
  models: OverlayModel[];
}

/** Defaults of a model the built-in catalogue lacks (imported from an account): a text model of unknown limits. */
function newEntry(model: OverlayModel): ModelEntry {
  return {
    name: model.id,
    family: 'anthropic',
    kind: 'text',
    contextWindow: 128_000,
    maxOutputTokens: 4096,
    defaultMaxTokens: 4096,
    pricePer1kInputTokens: 0,
    pricePer1kOutputTokens: 0,
    onDemand: false,
    inferenceProfiles: [],
    supportsToolUse: true,
    supportsSystemPrompt: true,
    supportsStreaming: true,
    ...model,
  } as ModelEntry;
}

/**
 * The built-in models with an overlay's on top: a known id's fields are replaced (its lifecycle
 * dates merged), an unknown id is added.
 */
export function mergeOverlay(models: readonly ModelEntry[], overlay: CatalogueOverlay): ModelEntry[] {
  const merged = new Map(models.map((model) => [model.id, model]));
  for (const model of overlay.models) {
    const base = merged.get(model.id);
    merged.set(model.id, base ? { ...base, ...model, lifecycle: { ...base.lifecycle, ...model.lifecycle } } : newEntry(model));
  }
  return [...merged.values()];
}

/** Reads an overlay file; a file that does not exist is an empty overlay. */
export function readOverlay(file: string): CatalogueOverlay {
  if (!existsSync(file)) return { models: [] };
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as CatalogueOverlay;
  if (!Array.isArray(parsed.models) || parsed.models.some((model) => typeof model?.id !== 'string')) {
    throw new Error(`${file}: expected {"models": [{"id": "…", …}]}`);
  }
  return parsed;
}
