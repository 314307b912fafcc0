import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../local/bedrock/index.js';
import { guardrailFactory } from '../fixtures/guardrailFactory.js';
import { HAIKU } from '../integration/bedrock/sdkClient.js';

const run = promisify(execFile);
const SCRIPT = new URL('./bedrock/boto3_guardrail.py', import.meta.url).pathname;
const ENV = { ...process.env, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null', AWS_EC2_METADATA_DISABLED: 'true' };

type Apply = { action: string; actionReason?: string; outputs: Array<{ text: string }>; usage: Record<string, number>; assessments: Array<Record<string, { filters?: Array<{ detected: boolean }>; topics?: Array<{ name: string }>; piiEntities?: Array<{ type: string; action: string }> }>> };
interface Boto3Result {
  pass: Apply;
  blocked: Apply;
  masked: Apply;
  unknown: { code: string; message: string; status: number } | null;
  stream: { text: string; stopReason: string; trace: { guardrail: { outputAssessments: Record<string, unknown[]> } } | null };
  shapeErrors: string[];
  converseTrace: { guardrail: { modelOutput?: string[] } } | null;
}

describe('boto3 against the fake Bedrock\'s guardrails (HTTP/1.1, strict SigV4)', () => {
  const guardrail = guardrailFactory();
  let bedrock: RunningBedrock;
  let result: Boto3Result;
  beforeAll(async () => {
    bedrock = await startBedrockServer({
      signature: 'strict',
      guardrails: [guardrail],
      fixtures: [{ match: { lastUserMessage: 'describe the battle' }, respond: { text: 'The knights kill the guards and stab the king.' } }],
    });
    const { stdout } = await run('python3', [SCRIPT, bedrock.url, guardrail.id, HAIKU], { env: ENV, timeout: 60_000 });
    result = JSON.parse(stdout) as Boto3Result;
  }, 90_000);
  afterAll(async () => {
    await bedrock.close();
  });

  it('apply_guardrail: NONE, with usage', () => {
    expect(result.pass.action).toBe('NONE');
    expect(result.pass.outputs).toEqual([]);
    expect(result.pass.usage.contentPolicyUnits).toBe(1);
  });

  it('apply_guardrail: a denied topic blocks with the blocked-input message', () => {
    expect(result.blocked).toMatchObject({ action: 'GUARDRAIL_INTERVENED', outputs: [{ text: 'Sorry, I cannot answer that.' }] });
    expect(result.blocked.assessments[0].topicPolicy?.topics?.[0].name).toBe('Investment advice');
  });

  it('apply_guardrail: PII masked, with outputScope FULL listing non-detected filters', () => {
    expect(result.masked.outputs).toEqual([{ text: 'Write to {EMAIL}' }]);
    expect(result.masked.assessments[0].sensitiveInformationPolicy?.piiEntities?.[0]).toMatchObject({ type: 'EMAIL', action: 'ANONYMIZED' });
    expect(result.masked.assessments[0].contentPolicy?.filters?.every((filter) => !filter.detected)).toBe(true);
  });

  it('apply_guardrail: an unknown guardrail is ResourceNotFoundException', () => {
    expect(result.unknown).toEqual({ code: 'ResourceNotFoundException', message: 'Could not find guardrail with id zzzzzzzzzzzz', status: 404 });
  });

  it('converse_stream: the guardrail intervenes in the stream', () => {
    expect(result.stream.text).toBe('Sorry, the answer was blocked.');
    expect(result.stream.stopReason).toBe('guardrail_intervened');
    expect(result.stream.trace?.guardrail.outputAssessments[guardrail.id]).toHaveLength(1);
  });

  it('every answer fits botocore\'s output shapes (ApplyGuardrailResponse, ConverseResponse with a full trace)', () => {
    expect(result.shapeErrors).toEqual([]);
    expect(result.converseTrace?.guardrail.modelOutput).toEqual(['The knights kill the guards and stab the king.']);
  });
});
