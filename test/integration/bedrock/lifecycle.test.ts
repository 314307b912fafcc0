import { ConverseCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { sdkClient } from './sdkClient.js';

const CLAUDE_37 = 'us.anthropic.claude-3-7-sonnet-20250219-v1:0';
const OPUS_41 = 'us.anthropic.claude-opus-4-1-20250805-v1:0';
const ask = (modelId: string) => new ConverseCommand({ modelId, messages: [{ role: 'user', content: [{ text: 'still there?' }] }] });

interface Listed { invocations: Array<{ modelId: string; status: string; error?: { code: string; message: string }; lifecycle?: Record<string, unknown> }> }

describe('fake Bedrock applies model lifecycles as AWS does', () => {
  let bedrock: RunningBedrock;
  let client: ReturnType<typeof sdkClient>;
  const lines: string[] = [];
  beforeAll(async () => {
    bedrock = await startBedrockServer({ asOf: '2026-12-07', lifecycleLog: (line) => lines.push(line) });
    client = sdkClient(bedrock.url);
  });
  afterAll(async () => {
    client.destroy();
    await bedrock.close();
  });

  it('refuses a model past its end of life with "The provided model identifier is invalid." and says why in the log and the inspection API', async () => {
    // Act
    const error = await client.send(ask(CLAUDE_37)).catch((caught: unknown) => caught);
    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toBe('The provided model identifier is invalid.');
    expect(lines.some((line) => line.includes('anthropic.claude-3-7-sonnet-20250219-v1:0 reached end of life on 2026-04-28') && line.includes('use anthropic.claude-sonnet-4-6'))).toBe(true);
    const listed = (await (await fetch(`${bedrock.url}/_fake/invocations?modelId=${CLAUDE_37}`)).json()) as Listed;
    expect(listed.invocations.at(-1)).toMatchObject({
      status: 'error',
      error: { code: 'ValidationException', message: 'The provided model identifier is invalid.' },
      lifecycle: { state: 'EOL', endOfLife: '2026-04-28', replacement: 'anthropic.claude-sonnet-4-6' },
    });
  });

  it('serves a Legacy model with a warning line naming its end-of-life date', async () => {
    const answer = await client.send(ask(OPUS_41));
    expect(answer.stopReason).toBe('end_turn');
    expect(lines.some((line) => line.includes('warning') && line.includes('Legacy; end of life on 2027-01-08'))).toBe(true);
    const listed = (await (await fetch(`${bedrock.url}/_fake/invocations?modelId=${OPUS_41}`)).json()) as Listed;
    expect(listed.invocations.at(-1)).toMatchObject({ status: 'ok', lifecycle: { state: 'LEGACY', endOfLife: '2027-01-08' } });
  });

  it('computes the state for the day it is given: the same Legacy model is refused from its end-of-life day', async () => {
    const later = await startBedrockServer({ asOf: '2027-01-08', lifecycleLog: () => undefined });
    const laterClient = sdkClient(later.url);
    try {
      const error = await laterClient.send(ask(OPUS_41)).catch((caught: unknown) => caught);
      expect((error as ValidationException).message).toBe('The provided model identifier is invalid.');
      const models = (await (await fetch(`${later.url}/_fake/models`)).json()) as { asOf: string; models: Array<{ id: string; state: string }> };
      expect(models.asOf).toBe('2027-01-08');
      expect(models.models.find((model) => model.id === 'anthropic.claude-opus-4-1-20250805-v1:0')?.state).toBe('EOL');
    } finally {
      laterClient.destroy();
      await later.close();
    }
  });
});
