import { readFileSync } from 'node:fs';
import { BedrockError } from '../errors.js';
import { mergeOverlay, readOverlay } from './catalogueOverlay.js';
import type { ModelLifecycleDates } from './modelLifecycle.js';

/** The request/response body family a model speaks on InvokeModel. */
export type ModelFamily =
  | 'anthropic' | 'nova' | 'llama' | 'titan-text' | 'titan-embed' | 'cohere-embed'
  | 'mistral' | 'deepseek' | 'openai' | 'qwen' | 'cohere-command' | 'ai21' | 'rerank';

/** What a model accepts beyond plain text (the request-rules checks read these). */
export interface ModelCapabilities {
  images: boolean;
  documents: boolean;
  /** Extended thinking / reasoning output. */
  reasoning: boolean;
  /** `cachePoint` blocks. */
  promptCaching: boolean;
}

/** One model of the catalogue (`models.json`). */
export interface ModelEntry {
  id: string;
  name: string;
  family: ModelFamily;
  kind: 'text' | 'embedding' | 'rerank';
  contextWindow: number;
  maxOutputTokens?: number;
  /** What the model produces at most when the request gives no maximum. */
  defaultMaxTokens?: number;
  embeddingDimensions?: number[];
  pricePer1kInputTokens: number;
  pricePer1kOutputTokens: number;
  /** Whether the bare model id may be invoked (false: only through an inference profile). */
  onDemand: boolean;
  /** Geographic prefixes of its inference profiles (`us` → `us.<id>`). */
  inferenceProfiles: string[];
  supportsToolUse: boolean;
  supportsSystemPrompt: boolean;
  supportsStreaming: boolean;
  /** Rerank models: USD per 1k queries. */
  pricePer1kQueries?: number;
  capabilities?: ModelCapabilities;
  /** Lifecycle dates; none: ACTIVE (see `modelLifecycle.ts`). */
  lifecycle?: ModelLifecycleDates;
}

/** A source of the catalogue's data: what was read, where, and when. */
export interface CatalogueSource {
  title: string;
  url: string;
  /** `YYYY-MM-DD`. */
  read: string;
}

/** The catalogue file's shape. */
export interface CatalogueFile {
  readOn?: string;
  sources?: Record<string, CatalogueSource>;
  models: ModelEntry[];
}

/** A model id as resolved from a request: the catalogue entry and how it was named. */
export interface ResolvedModel {
  entry: ModelEntry;
  /** The id as the request gave it (decoded), e.g. `us.anthropic.claude-…` or an ARN. */
  requestedId: string;
  /** The inference-profile prefix used, if any. */
  profile?: string;
}

const PROFILE_PREFIXES = ['us', 'eu', 'apac', 'global', 'us-gov', 'jp', 'au', 'ca'];
/** What Bedrock answers for an unknown (or past end-of-life) model identifier. */
export const INVALID_MODEL = 'The provided model identifier is invalid.';

/** The fake's model catalogue, loaded from one JSON data file. */
export class ModelCatalogue {
  readonly models: readonly ModelEntry[];
  readonly sources: Readonly<Record<string, CatalogueSource>>;
  private readonly byId: Map<string, ModelEntry>;

  constructor(models: ModelEntry[], sources: Record<string, CatalogueSource> = {}) {
    this.models = models;
    this.sources = sources;
    this.byId = new Map(models.map((model) => [model.id, model]));
  }

  /**
   * Loads a catalogue file (default: the `models.json` next to this module), with a project's
   * overlay file (`.genai-kit/models.json`, see `catalogueOverlay.ts`) merged on top if it exists.
   */
  static load(path?: string | URL, overlayFile?: string): ModelCatalogue {
    const file = path ?? new URL('./models.json', import.meta.url);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as CatalogueFile;
    const models = overlayFile ? mergeOverlay(parsed.models, readOverlay(overlayFile)) : parsed.models;
    const sources = { ...parsed.sources };
    if (overlayFile) sources['account-import'] = { title: `the project overlay ${overlayFile} (genai-kit models import)`, url: overlayFile, read: 'see its imports' };
    return new ModelCatalogue(models, sources);
  }

  /** The entry of a bare model id, if the catalogue has it. */
  get(id: string): ModelEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Resolves a request's model identifier (bare id, inference-profile id, or either's ARN) as
   * Bedrock does; an unknown or not-on-demand id throws Bedrock's ValidationException.
   */
  resolve(modelIdentifier: string): ResolvedModel {
    const found = this.identify(modelIdentifier);
    if (!found) throw new BedrockError('ValidationException', INVALID_MODEL);
    if (!found.profile && !found.entry.onDemand) {
      throw new BedrockError(
        'ValidationException',
        `Invocation of model ID ${found.entry.id} with on-demand throughput isn\u2019t supported. Retry your request with the ID or ARN of an inference profile that contains this model.`,
      );
    }
    return found;
  }

  /**
   * The catalogue entry a model identifier names (bare id, inference-profile id, or either's ARN),
   * without Bedrock's checks: a bare id of a profile-only model is found too.
   */
  identify(modelIdentifier: string): ResolvedModel | undefined {
    const requestedId = safeDecode(modelIdentifier);
    const id = stripArn(requestedId);
    const direct = this.byId.get(id);
    if (direct) return { entry: direct, requestedId };
    const dot = id.indexOf('.');
    const prefix = dot > 0 ? id.slice(0, dot) : '';
    if (PROFILE_PREFIXES.includes(prefix)) {
      const entry = this.byId.get(id.slice(dot + 1));
      if (entry?.inferenceProfiles.includes(prefix)) return { entry, requestedId, profile: prefix };
    }
    return undefined;
  }
}

/** A model id from a URL path (`%3A` for `:`); an id that is not valid percent-encoding is kept as it is. */
export function safeDecode(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** `arn:aws:bedrock:us-east-1::foundation-model/<id>` or `…:inference-profile/<id>` → `<id>`. */
function stripArn(id: string): string {
  if (!id.startsWith('arn:')) return id;
  const match = /^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:(foundation-model|inference-profile|application-inference-profile)\/(.+)$/.exec(id);
  return match ? match[2] : id;
}
