import type { FoundationModelSummary, InferenceProfileSummary } from '@aws-sdk/client-bedrock';
import type { CatalogueOverlay, OverlayModel } from './catalogueOverlay.js';
import type { ModelCatalogue, ModelEntry, ModelFamily } from './ModelCatalogue.js';

/** What a saved AWS CLI answer held. */
export type ListingKind = 'foundation-models' | 'inference-profiles';

/** A timestamp as the CLI prints it (ISO 8601, or epoch seconds) → `YYYY-MM-DD`. */
function dayOf(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const date = typeof value === 'number' ? new Date(value * 1000) : new Date(String(value));
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, 10);
}

function familyOf(id: string, embedding: boolean): ModelFamily {
  const provider = id.slice(0, id.indexOf('.'));
  if (provider === 'amazon') return embedding ? 'titan-embed' : id.startsWith('amazon.nova') ? 'nova' : id.includes('rerank') ? 'rerank' : 'titan-text';
  if (provider === 'cohere') return embedding ? 'cohere-embed' : id.includes('rerank') ? 'rerank' : 'cohere-command';
  const families: Record<string, ModelFamily> = { anthropic: 'anthropic', meta: 'llama', mistral: 'mistral', deepseek: 'deepseek', openai: 'openai', qwen: 'qwen', ai21: 'ai21' };
  return families[provider] ?? 'anthropic';
}

function fromFoundationModel(summary: FoundationModelSummary, known: ModelEntry | undefined, day: string): OverlayModel | undefined {
  const types = (summary.inferenceTypesSupported ?? []) as string[];
  // Context-length variants (`…:200k`) and provisioned-only models cannot be called on demand.
  if (!summary.modelId || !types.some((type) => type === 'ON_DEMAND' || type === 'INFERENCE_PROFILE')) return undefined;
  const lifecycle = summary.modelLifecycle;
  const dates = {
    legacy: dayOf(lifecycle?.legacyTime) ?? (lifecycle?.status === 'LEGACY' ? known?.lifecycle?.legacy ?? day : undefined),
    publicExtendedAccess: dayOf(lifecycle?.publicExtendedAccessTime),
    endOfLife: dayOf(lifecycle?.endOfLifeTime),
    source: 'account-import',
  };
  const embedding = summary.outputModalities?.includes('EMBEDDING') ?? false;
  const model: OverlayModel = {
    id: summary.modelId,
    onDemand: types.includes('ON_DEMAND'),
    supportsStreaming: summary.responseStreamingSupported ?? known?.supportsStreaming ?? false,
    lifecycle: Object.fromEntries(Object.entries(dates).filter(([, value]) => value !== undefined)),
  };
  if (!known) {
    Object.assign(model, { name: summary.modelName ?? summary.modelId, family: familyOf(summary.modelId, embedding), kind: embedding ? 'embedding' : 'text' });
    if (embedding) Object.assign(model, { embeddingDimensions: [1024], supportsToolUse: false, supportsSystemPrompt: false, maxOutputTokens: undefined });
  }
  return model;
}

/** Adds (or updates) one model of an overlay, fields of the later import winning. */
function upsert(models: OverlayModel[], model: OverlayModel): void {
  const index = models.findIndex((candidate) => candidate.id === model.id);
  if (index < 0) models.push(model);
  else models[index] = { ...models[index], ...model, lifecycle: { ...models[index].lifecycle, ...model.lifecycle } };
}

/**
 * Merges what a real account answered (`aws bedrock list-foundation-models` or
 * `list-inference-profiles` output, saved as JSON; `get-foundation-model` too) into an overlay:
 * lifecycle states and dates, on-demand support, and the inference-profile geographies. Returns
 * the kind of listing and how many models it touched.
 *
 * @example
 * const { overlay } = importAwsListing(JSON.parse(saved), readOverlay(OVERLAY_FILE), ModelCatalogue.load(), '2026-12-07');
 */
export function importAwsListing(
  listing: unknown,
  overlay: CatalogueOverlay,
  catalogue: ModelCatalogue,
  day: string,
): { overlay: CatalogueOverlay; kind: ListingKind; models: number } {
  const record = (listing ?? {}) as { modelSummaries?: FoundationModelSummary[]; modelDetails?: FoundationModelSummary; inferenceProfileSummaries?: InferenceProfileSummary[] };
  const models = overlay.models.map((model) => ({ ...model }));
  const known = (id: string) => catalogue.get(id) ?? (models.find((model) => model.id === id) as ModelEntry | undefined);
  const summaries = record.modelSummaries ?? (record.modelDetails ? [record.modelDetails] : undefined);
  if (summaries) {
    let count = 0;
    for (const summary of summaries) {
      const model = fromFoundationModel(summary, summary.modelId ? catalogue.get(summary.modelId) : undefined, day);
      if (model) {
        upsert(models, model);
        count++;
      }
    }
    return { overlay: { ...overlay, models }, kind: 'foundation-models', models: count };
  }
  if (record.inferenceProfileSummaries) {
    const touched = new Set<string>();
    for (const profile of record.inferenceProfileSummaries) {
      const id = profile.inferenceProfileId ?? '';
      const dot = id.indexOf('.');
      if (profile.type !== 'SYSTEM_DEFINED' || dot < 0) continue;
      const [prefix, modelId] = [id.slice(0, dot), id.slice(dot + 1)];
      const base = known(modelId);
      const current = models.find((model) => model.id === modelId)?.inferenceProfiles ?? base?.inferenceProfiles ?? [];
      upsert(models, { id: modelId, inferenceProfiles: [...new Set([...current, prefix])] });
      touched.add(modelId);
    }
    return { overlay: { ...overlay, models }, kind: 'inference-profiles', models: touched.size };
  }
  throw new Error('not a saved answer of aws bedrock list-foundation-models, get-foundation-model or list-inference-profiles (no modelSummaries, modelDetails or inferenceProfileSummaries)');
}
