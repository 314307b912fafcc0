import { ApplyGuardrailCommand, ResourceNotFoundException, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { guardrailFactory } from '../../fixtures/guardrailFactory.js';
import { sdkClient } from './sdkClient.js';

describe('fake Bedrock ApplyGuardrail on defined guardrails', () => {
  const guardrail = guardrailFactory();
  let bedrock: RunningBedrock;
  let client: ReturnType<typeof sdkClient>;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ guardrails: [guardrail] });
    client = sdkClient(bedrock.url);
  });
  afterAll(async () => {
    client.destroy();
    await bedrock.close();
  });

  const apply = (text: string, source: 'INPUT' | 'OUTPUT', identifier = guardrail.id, version = 'DRAFT') =>
    client.send(new ApplyGuardrailCommand({ guardrailIdentifier: identifier, guardrailVersion: version, source, content: [{ text: { text } }] }));

  it('answers NONE for text no policy matches', async () => {
    // Act
    const result = await apply('What is the capital of France?', 'INPUT');
    // Assess
    expect(result).toMatchObject({ action: 'NONE', outputs: [] });
    expect(result.usage?.contentPolicyUnits).toBe(1);
  });

  it('blocks input with the guardrail\'s blocked-input message and says which policy', async () => {
    const result = await apply('Which stocks should I buy?', 'INPUT', guardrail.arn, '1');
    expect(result.action).toBe('GUARDRAIL_INTERVENED');
    expect(result.actionReason).toBe('Guardrail blocked.');
    expect(result.outputs).toEqual([{ text: 'Sorry, I cannot answer that.' }]);
    expect(result.assessments?.[0].topicPolicy?.topics?.[0]).toMatchObject({ name: 'Investment advice', action: 'BLOCKED' });
  });

  it('masks PII in output and returns the masked text', async () => {
    const result = await apply('Write to jane@example.com', 'OUTPUT');
    expect(result.action).toBe('GUARDRAIL_INTERVENED');
    expect(result.outputs).toEqual([{ text: 'Write to {EMAIL}' }]);
  });

  it('lists non-detected filters with outputScope FULL', async () => {
    const result = await client.send(
      new ApplyGuardrailCommand({ guardrailIdentifier: guardrail.id, guardrailVersion: 'DRAFT', source: 'INPUT', outputScope: 'FULL', content: [{ text: { text: 'hello' } }] }),
    );
    expect(result.assessments?.[0].contentPolicy?.filters?.map((filter) => filter.detected)).toEqual([false, false, false]);
  });

  it('answers an unknown guardrail or version with ResourceNotFoundException, a malformed version with ValidationException', async () => {
    const unknown = await apply('hi', 'INPUT', 'zzzzzzzzzzzz').catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(ResourceNotFoundException);
    expect((unknown as Error).message).toBe('Could not find guardrail with id zzzzzzzzzzzz');
    expect(await apply('hi', 'INPUT', guardrail.id, '7').catch((error: unknown) => error)).toBeInstanceOf(ResourceNotFoundException);
    expect(await apply('hi', 'INPUT', guardrail.id, 'latest').catch((error: unknown) => error)).toBeInstanceOf(ValidationException);
  });
});
