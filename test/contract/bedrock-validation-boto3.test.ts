/**
 * An independent client (boto3, HTTP/1.1) reads the fake Bedrock's validation refusals as AWS's:
 * the service-model layer (all violations, positions from 1), the agent runtime's id pattern, a
 * per-generation rule and an InvokeModel family schema refusal.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../local/bedrock/index.js';

const run = promisify(execFile);
const SCRIPT = new URL('./bedrock/boto3_validation.py', import.meta.url).pathname;
const ENV = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };

type Refusal = { code: string; message: string; status: number } | null;

describe('boto3 reads the fake Bedrock validation refusals', () => {
  let bedrock: RunningBedrock;
  let result: Record<'model' | 'knowledge_base_id' | 'temperature_with_top_p' | 'extraneous_key', Refusal>;
  beforeAll(async () => {
    // Prepare
    bedrock = await startBedrockServer({ asOf: '2026-12-07', lifecycleLog: () => undefined });
    // Act
    const { stdout } = await run('python3', [SCRIPT, bedrock.url], { env: ENV, timeout: 60_000 });
    result = JSON.parse(stdout) as typeof result;
  }, 90_000);
  afterAll(async () => {
    await bedrock.close();
  });

  it('service-model violations, every one', () => {
    expect(result.model).toEqual({
      code: 'ValidationException',
      status: 400,
      message:
        "2 validation errors detected: Value '1.5' at 'inferenceConfig.temperature' failed to satisfy constraint: Member must have value less than or equal to 1; " +
        "Value '2.5' at 'inferenceConfig.topP' failed to satisfy constraint: Member must have value less than or equal to 1",
    });
    expect(result.knowledge_base_id).toEqual({
      code: 'ValidationException',
      status: 400,
      message: "1 validation error detected: Value 'KB_1' at 'knowledgeBaseId' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[0-9a-zA-Z]+$",
    });
  });

  it('per-model rules and family schemas', () => {
    expect(result.temperature_with_top_p?.message).toBe('The model returned the following errors: `temperature` and `top_p` cannot both be specified for this model. Please use only one.');
    expect(result.extraneous_key).toEqual({ code: 'ValidationException', status: 400, message: 'Malformed input request: #: extraneous key [frequency_penalty] is not permitted, please reformat your input and try again.' });
  });
});
