import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../local/bedrock/index.js';

const run = promisify(execFile);
const SCRIPT = new URL('./bedrock/boto3_control_plane.py', import.meta.url).pathname;
const ENV = {
  ...process.env,
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  AWS_DEFAULT_REGION: 'us-east-1',
  AWS_CONFIG_FILE: '/dev/null',
  AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_MAX_ATTEMPTS: '1',
};

interface Boto3ControlPlane {
  modelIds: string[];
  detail: { modelId: string; status: string; endOfLifeTime: string };
  pageSizes: number[];
  profileIds: string[];
  profile: { id: string; type: string; models: string[]; createdAt: string };
  eolError: { code: string; message: string; status: number } | null;
  profileError: { code: string; message: string; status: number } | null;
  enumError: { code: string; message: string; status: number } | null;
}

describe('the Bedrock control plane through independent clients (strict SigV4, as of 2026-12-07)', () => {
  let bedrock: RunningBedrock;
  const aws = (...args: string[]) =>
    run('aws', ['bedrock', ...args, '--endpoint-url', bedrock.url, '--region', 'us-east-1', '--output', 'json'], { env: ENV, timeout: 60_000 });
  beforeAll(async () => {
    bedrock = await startBedrockServer({ signature: 'strict', asOf: '2026-12-07', lifecycleLog: () => undefined });
  });
  afterAll(async () => {
    await bedrock.close();
  });

  it('aws bedrock list-foundation-models filters by provider and inference type, lists Legacy models with their lifecycle and leaves EOL ones out', async () => {
    // Act
    const { stdout } = await aws('list-foundation-models', '--by-provider', 'Anthropic');
    const onDemand = JSON.parse((await aws('list-foundation-models', '--by-inference-type', 'ON_DEMAND')).stdout) as { modelSummaries: Array<{ modelId: string }> };
    // Assess
    const summaries = (JSON.parse(stdout) as { modelSummaries: Array<{ modelId: string; providerName: string; modelLifecycle: { status: string; endOfLifeTime?: string } }> }).modelSummaries;
    expect(summaries.every((summary) => summary.providerName === 'Anthropic')).toBe(true);
    expect(summaries.find((summary) => summary.modelId === 'anthropic.claude-opus-4-1-20250805-v1:0')?.modelLifecycle).toMatchObject({ status: 'LEGACY' });
    expect(summaries.find((summary) => summary.modelId === 'anthropic.claude-haiku-4-5-20251001-v1:0')?.modelLifecycle).toEqual({ status: 'ACTIVE' });
    expect(summaries.map((summary) => summary.modelId)).not.toContain('anthropic.claude-3-7-sonnet-20250219-v1:0');
    expect(onDemand.modelSummaries.map((summary) => summary.modelId)).toContain('amazon.nova-lite-v1:0');
    expect(onDemand.modelSummaries.map((summary) => summary.modelId)).not.toContain('anthropic.claude-haiku-4-5-20251001-v1:0');
  }, 60_000);

  it('aws bedrock get-foundation-model and get-inference-profile; list-inference-profiles pages through every profile', async () => {
    const detail = JSON.parse((await aws('get-foundation-model', '--model-identifier', 'anthropic.claude-opus-4-1-20250805-v1:0')).stdout) as { modelDetails: { modelLifecycle: { status: string; endOfLifeTime: string } } };
    expect(detail.modelDetails.modelLifecycle.status).toBe('LEGACY');
    expect(new Date(detail.modelDetails.modelLifecycle.endOfLifeTime).toISOString()).toBe('2027-01-08T00:00:00.000Z');
    const profile = JSON.parse((await aws('get-inference-profile', '--inference-profile-identifier', 'eu.anthropic.claude-sonnet-4-6')).stdout) as { type: string; models: Array<{ modelArn: string }> };
    expect(profile.type).toBe('SYSTEM_DEFINED');
    expect(profile.models.map((model) => model.modelArn)).toContain('arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-sonnet-4-6');
    // The CLI follows nextToken itself; --page-size makes it ask for small pages.
    const listed = JSON.parse((await aws('list-inference-profiles', '--page-size', '5')).stdout) as { inferenceProfileSummaries: Array<{ inferenceProfileId: string }> };
    const ids = listed.inferenceProfileSummaries.map((summary) => summary.inferenceProfileId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('global.anthropic.claude-opus-4-6-v1');
    expect(ids).not.toContain('us.anthropic.claude-3-7-sonnet-20250219-v1:0');
  }, 60_000);

  it('reports errors by their code: an EOL model, an unknown profile', async () => {
    const eol = await aws('get-foundation-model', '--model-identifier', 'anthropic.claude-3-7-sonnet-20250219-v1:0').catch((error: { stderr: string }) => error);
    expect((eol as { stderr: string }).stderr).toContain('ValidationException');
    expect((eol as { stderr: string }).stderr).toContain('The provided model identifier is invalid.');
    const missing = await aws('get-inference-profile', '--inference-profile-identifier', 'us.no-such-model').catch((error: { stderr: string }) => error);
    expect((missing as { stderr: string }).stderr).toContain('ResourceNotFoundException');
  }, 60_000);

  it('boto3\u2019s bedrock client parses every answer, pages with its paginator and types its errors', async () => {
    // Act
    const { stdout } = await run('python3', [SCRIPT, bedrock.url], { env: ENV, timeout: 60_000 });
    const result = JSON.parse(stdout) as Boto3ControlPlane;
    // Assess
    expect(result.modelIds).toContain('anthropic.claude-sonnet-4-6');
    expect(result.detail).toEqual({ modelId: 'anthropic.claude-opus-4-1-20250805-v1:0', status: 'LEGACY', endOfLifeTime: '2027-01-08T00:00:00+00:00' });
    expect(result.pageSizes.length).toBeGreaterThan(2);
    expect(result.pageSizes.slice(0, -1).every((size) => size === 7)).toBe(true);
    expect(new Set(result.profileIds).size).toBe(result.profileIds.length);
    expect(result.profile).toMatchObject({ id: 'us.anthropic.claude-haiku-4-5-20251001-v1:0', type: 'SYSTEM_DEFINED', createdAt: '2024-08-27T00:00:00+00:00' });
    expect(result.profile.models).toContain('arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude-haiku-4-5-20251001-v1:0');
    expect(result.eolError).toEqual({ code: 'ValidationException', message: 'The provided model identifier is invalid.', status: 400 });
    expect(result.profileError).toMatchObject({ code: 'ResourceNotFoundException', status: 404 });
    expect(result.enumError).toMatchObject({ code: 'ValidationException', status: 400 });
  }, 90_000);
});
