import {
  BedrockClient,
  GetFoundationModelCommand,
  GetInferenceProfileCommand,
  ListFoundationModelsCommand,
  paginateListInferenceProfiles,
  ResourceNotFoundException,
  ValidationException,
} from '@aws-sdk/client-bedrock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';

describe('the Bedrock control plane through @aws-sdk/client-bedrock', () => {
  let bedrock: RunningBedrock;
  let client: BedrockClient;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ asOf: '2026-12-07', lifecycleLog: () => undefined });
    client = new BedrockClient({ region: 'us-east-1', endpoint: bedrock.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await bedrock.close();
  });

  it('lists embedding models by output modality and gives a model\u2019s lifecycle with Date timestamps', async () => {
    const embeddings = await client.send(new ListFoundationModelsCommand({ byOutputModality: 'EMBEDDING' }));
    expect(embeddings.modelSummaries?.map((summary) => summary.modelId)).toEqual(expect.arrayContaining(['amazon.titan-embed-text-v2:0', 'cohere.embed-v4:0']));
    expect(embeddings.modelSummaries?.every((summary) => summary.outputModalities?.includes('EMBEDDING'))).toBe(true);
    const { modelDetails } = await client.send(new GetFoundationModelCommand({ modelIdentifier: 'arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-opus-4-1-20250805-v1:0' }));
    expect(modelDetails?.modelLifecycle?.status).toBe('LEGACY');
    expect(modelDetails?.modelLifecycle?.endOfLifeTime).toEqual(new Date('2027-01-08T00:00:00Z'));
  });

  it('pages inference profiles with maxResults and nextToken; APPLICATION profiles are none', async () => {
    const pages = [];
    for await (const page of paginateListInferenceProfiles({ client, pageSize: 10 }, { typeEquals: 'SYSTEM_DEFINED' })) pages.push(page);
    const ids = pages.flatMap((page) => page.inferenceProfileSummaries?.map((summary) => summary.inferenceProfileId) ?? []);
    expect(pages.length).toBeGreaterThan(1);
    expect(ids).toContain('us.anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(new Set(ids).size).toBe(ids.length);
    const application = [];
    for await (const page of paginateListInferenceProfiles({ client }, { typeEquals: 'APPLICATION' })) application.push(...(page.inferenceProfileSummaries ?? []));
    expect(application).toEqual([]);
  });

  it('answers the typed errors: an unknown profile, an EOL model, a maxResults out of range', async () => {
    await expect(client.send(new GetInferenceProfileCommand({ inferenceProfileIdentifier: 'us.anthropic.claude-3-7-sonnet-20250219-v1:0' }))).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(client.send(new GetFoundationModelCommand({ modelIdentifier: 'anthropic.claude-3-haiku-20240307-v1:0' }))).rejects.toBeInstanceOf(ValidationException);
    const pages = paginateListInferenceProfiles({ client, pageSize: 1001 }, {});
    await expect(pages.next()).rejects.toBeInstanceOf(ValidationException);
  });
});
