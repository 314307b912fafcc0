import type {
  FoundationModelSummary,
  GetFoundationModelCommandInput,
  GetFoundationModelCommandOutput,
  InferenceType,
  ListFoundationModelsCommandInput,
  ListFoundationModelsCommandOutput,
  ModelModality,
} from '@aws-sdk/client-bedrock';
import { INVALID_MODEL, type ModelCatalogue, type ModelEntry } from '../catalogue/ModelCatalogue.js';
import { lifecycleState, parseDay, type Clock } from '../catalogue/modelLifecycle.js';
import { BedrockError, validationError } from '../errors.js';
import { providerName } from './providers.js';

const MODALITIES = ['TEXT', 'IMAGE', 'EMBEDDING'];
const INFERENCE_TYPES = ['ON_DEMAND', 'PROVISIONED'];
const CUSTOMIZATIONS = ['FINE_TUNING', 'CONTINUED_PRE_TRAINING', 'DISTILLATION'];

/** `1 validation error detected: Value 'X' at 'field' failed to satisfy constraint: …` */
export function enumError(field: string, value: string, allowed: string[]): BedrockError {
  return validationError(`1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${allowed.join(', ')}]`);
}

function checkEnum(field: string, value: string | undefined, allowed: string[]): void {
  if (value !== undefined && !allowed.includes(value)) throw enumError(field, value, allowed);
}

/** A catalogue model as Bedrock's control plane describes it; undefined once it is past its end of life (AWS stops listing it). */
export function foundationModelSummary(model: ModelEntry, at: Date, region = 'us-east-1'): FoundationModelSummary | undefined {
  const state = lifecycleState(model, at);
  if (state === 'EOL') return undefined;
  const inputs: ModelModality[] = ['TEXT'];
  if (model.capabilities?.images) inputs.push('IMAGE');
  const dates = model.lifecycle ?? {};
  const time = (day: string | undefined) => (day ? parseDay(day) : undefined);
  return {
    modelArn: `arn:aws:bedrock:${region}::foundation-model/${model.id}`,
    modelId: model.id,
    modelName: model.name,
    providerName: providerName(model),
    inputModalities: inputs,
    outputModalities: [model.kind === 'embedding' ? 'EMBEDDING' : 'TEXT'],
    responseStreamingSupported: model.supportsStreaming,
    customizationsSupported: [],
    // Bedrock answers INFERENCE_PROFILE for models that only run through a profile (not in the SDK's enum).
    inferenceTypesSupported: [(model.onDemand ? 'ON_DEMAND' : 'INFERENCE_PROFILE') as InferenceType],
    modelLifecycle: {
      status: state,
      legacyTime: state === 'LEGACY' ? time(dates.legacy) : undefined,
      publicExtendedAccessTime: time(dates.publicExtendedAccess),
      endOfLifeTime: time(dates.endOfLife),
    },
  };
}

/** ListFoundationModels: the models not past their end of life, filtered as Bedrock filters. */
export function listFoundationModels(
  catalogue: ModelCatalogue,
  clock: Clock,
  input: ListFoundationModelsCommandInput,
): Omit<ListFoundationModelsCommandOutput, '$metadata'> {
  checkEnum('byOutputModality', input.byOutputModality, MODALITIES);
  checkEnum('byInferenceType', input.byInferenceType, INFERENCE_TYPES);
  checkEnum('byCustomizationType', input.byCustomizationType, CUSTOMIZATIONS);
  const at = clock();
  const summaries = catalogue.models
    .map((model) => foundationModelSummary(model, at))
    .filter((summary): summary is FoundationModelSummary => summary !== undefined)
    .filter((summary) => !input.byProvider || summary.providerName?.toLowerCase() === input.byProvider.toLowerCase())
    .filter((summary) => !input.byOutputModality || summary.outputModalities?.includes(input.byOutputModality))
    .filter((summary) => !input.byInferenceType || summary.inferenceTypesSupported?.includes(input.byInferenceType))
    .filter((summary) => !input.byCustomizationType || summary.customizationsSupported?.includes(input.byCustomizationType));
  return { modelSummaries: summaries };
}

/** GetFoundationModel by id or ARN; an unknown model, or one past its end of life, is an invalid identifier. */
export function getFoundationModel(
  catalogue: ModelCatalogue,
  clock: Clock,
  input: GetFoundationModelCommandInput,
): Omit<GetFoundationModelCommandOutput, '$metadata'> {
  const identifier = input.modelIdentifier ?? '';
  const match = /^arn:aws[a-z-]*:bedrock:([^:]*)::foundation-model\/(.+)$/.exec(identifier);
  const model = catalogue.get(match ? match[2] : identifier);
  const details = model && foundationModelSummary(model, clock(), match?.[1] || 'us-east-1');
  if (!details) throw new BedrockError('ValidationException', INVALID_MODEL);
  return { modelDetails: details };
}
