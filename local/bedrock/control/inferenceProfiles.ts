import type {
  GetInferenceProfileCommandInput,
  GetInferenceProfileCommandOutput,
  InferenceProfileSummary,
  ListInferenceProfilesCommandInput,
  ListInferenceProfilesCommandOutput,
} from '@aws-sdk/client-bedrock';
import type { ModelCatalogue } from '../catalogue/ModelCatalogue.js';
import { lifecycleState, type Clock } from '../catalogue/modelLifecycle.js';
import { BedrockError, validationError } from '../errors.js';
import { enumError } from './foundationModels.js';
import { geographyLabel, PROFILE_REGIONS, providerName } from './providers.js';

const ACCOUNT = '000000000000';
const REGION = 'us-east-1';
/** When the fake says its system-defined profiles were made (a fixed day, so answers are reproducible). */
const CREATED = new Date('2024-08-27T00:00:00Z');
const MAX_RESULTS = 1000;

/** The system-defined (cross-Region) inference profiles of the models not past their end of life. */
export function systemProfiles(catalogue: ModelCatalogue, at: Date): InferenceProfileSummary[] {
  return catalogue.models
    .filter((model) => lifecycleState(model, at) !== 'EOL')
    .flatMap((model) =>
      model.inferenceProfiles.map((prefix): InferenceProfileSummary => {
        const id = `${prefix}.${model.id}`;
        const regions = PROFILE_REGIONS[prefix];
        return {
          inferenceProfileName: `${geographyLabel(prefix)} ${providerName(model)} ${model.name}`,
          description: `Routes requests to ${model.name} in ${prefix === 'global' ? 'commercial Regions worldwide' : regions?.join(', ')}.`,
          createdAt: CREATED,
          updatedAt: CREATED,
          inferenceProfileArn: `arn:aws:bedrock:${REGION}:${ACCOUNT}:inference-profile/${id}`,
          models: regions
            ? regions.map((region) => ({ modelArn: `arn:aws:bedrock:${region}::foundation-model/${model.id}` }))
            : [{ modelArn: `arn:aws:bedrock:::foundation-model/${model.id}` }],
          inferenceProfileId: id,
          status: 'ACTIVE',
          type: 'SYSTEM_DEFINED',
        };
      }),
    );
}

function decodeToken(token: string): number {
  const offset = Number(Buffer.from(token, 'base64url').toString('utf8'));
  if (!Number.isInteger(offset) || offset <= 0) throw validationError('Invalid pagination token.');
  return offset;
}

/** ListInferenceProfiles: `type` filter (`typeEquals`), `maxResults` (1–1000) and `nextToken` pages. */
export function listInferenceProfiles(
  catalogue: ModelCatalogue,
  clock: Clock,
  input: ListInferenceProfilesCommandInput,
): Omit<ListInferenceProfilesCommandOutput, '$metadata'> {
  if (input.typeEquals !== undefined && !['SYSTEM_DEFINED', 'APPLICATION'].includes(input.typeEquals)) {
    throw enumError('typeEquals', input.typeEquals, ['SYSTEM_DEFINED', 'APPLICATION']);
  }
  const max = input.maxResults ?? MAX_RESULTS;
  if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS) {
    throw validationError(`1 validation error detected: Value '${input.maxResults}' at 'maxResults' failed to satisfy constraint: Member must have value ${max < 1 ? 'greater than or equal to 1' : 'less than or equal to 1000'}`);
  }
  // The fake has no application inference profiles.
  const all = input.typeEquals === 'APPLICATION' ? [] : systemProfiles(catalogue, clock());
  const start = input.nextToken ? decodeToken(input.nextToken) : 0;
  const page = all.slice(start, start + max);
  const next = start + max < all.length ? Buffer.from(String(start + max)).toString('base64url') : undefined;
  return { inferenceProfileSummaries: page, nextToken: next };
}

/** GetInferenceProfile by id or ARN; an unknown one is a ResourceNotFoundException. */
export function getInferenceProfile(
  catalogue: ModelCatalogue,
  clock: Clock,
  input: GetInferenceProfileCommandInput,
): Omit<GetInferenceProfileCommandOutput, '$metadata'> {
  const identifier = input.inferenceProfileIdentifier ?? '';
  const id = identifier.replace(/^arn:aws[a-z-]*:bedrock:[^:]*:[^:]*:inference-profile\//, '');
  const profile = systemProfiles(catalogue, clock()).find((candidate) => candidate.inferenceProfileId === id);
  if (!profile) throw new BedrockError('ResourceNotFoundException', `Inference profile ${identifier} not found.`);
  return profile;
}
