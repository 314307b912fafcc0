import { ConverseCommand, ValidationException, type ConverseCommandInput } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { HAIKU, sdkClient } from './sdkClient.js';

const SIGNED = { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' };

describe('fake Bedrock refuses bad input as Bedrock does', () => {
  let bedrock: RunningBedrock;
  let client: ReturnType<typeof sdkClient>;
  beforeAll(async () => {
    bedrock = await startBedrockServer({ bodyLimitBytes: 64 * 1024 });
    client = sdkClient(bedrock.url);
  });
  afterAll(async () => {
    client.destroy();
    await bedrock.close();
  });

  const converseError = (input: Partial<ConverseCommandInput>) =>
    client.send(new ConverseCommand({ modelId: HAIKU, ...input } as ConverseCommandInput)).then(
      () => undefined,
      (error: unknown) => error as ValidationException,
    );

  it.each([
    ['empty messages', { messages: [] }, 'must start with a user message'],
    ['first turn from the assistant', { messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] }, 'must start with a user message'],
    ['roles not alternating', { messages: [{ role: 'user', content: [{ text: 'a' }] }, { role: 'user', content: [{ text: 'b' }] }] }, 'must alternate'],
    ['empty content', { messages: [{ role: 'user', content: [] }] }, 'is empty'],
    ['maxTokens over the model limit', { messages: [{ role: 'user', content: [{ text: 'a' }] }], inferenceConfig: { maxTokens: 100_000 } }, 'exceeds the model limit of 64000'],
    ['temperature out of range', { messages: [{ role: 'user', content: [{ text: 'a' }] }], inferenceConfig: { temperature: 2 } }, "at 'inferenceConfig.temperature'"],
    [
      'toolResult without its toolUse',
      {
        messages: [
          { role: 'user', content: [{ text: 'a' }] },
          { role: 'assistant', content: [{ text: 'b' }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 'tooluse_x', content: [{ text: 'r' }] } }] },
        ],
        toolConfig: { tools: [{ toolSpec: { name: 't', inputSchema: { json: { type: 'object' } } } }] },
      },
      'exceeds the number of toolUse blocks',
    ],
  ] as Array<[string, Partial<ConverseCommandInput>, string]>)('%s → ValidationException', async (_name, input, message) => {
    const error = await converseError(input);
    expect(error).toBeInstanceOf(ValidationException);
    expect(error?.message).toContain(message);
    expect(error?.$metadata.httpStatusCode).toBe(400);
  });

  it.each([
    ['malformed JSON', '{"messages": [', 'ValidationException'],
    ['wrong field types', JSON.stringify({ messages: 'hello' }), 'SerializationException'],
    ['a number body', '42', 'ValidationException'],
    ['a message that is not an object', JSON.stringify({ messages: [7] }), 'SerializationException'],
  ])('%s → 400 with x-amzn-ErrorType', async (_name, body, code) => {
    const response = await fetch(`${bedrock.url}/model/${encodeURIComponent(HAIKU)}/converse`, { method: 'POST', headers: SIGNED, body });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toMatch(new RegExp(`^${code}`));
    expect(((await response.json()) as { message: string }).message).toBeTypeOf('string');
  });

  it('refuses an oversized body with a ValidationException and keeps serving', async () => {
    const big = JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'x'.repeat(100 * 1024) }] }] });
    const response = await fetch(`${bedrock.url}/model/${encodeURIComponent(HAIKU)}/converse`, { method: 'POST', headers: SIGNED, body: big });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^ValidationException/);
    const ok = await client.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'still there?' }] }] }));
    expect(ok.stopReason).toBe('end_turn');
  });

  it('needs an inference profile for models without on-demand throughput', async () => {
    const error = await converseError({ modelId: 'anthropic.claude-sonnet-4-6', messages: [{ role: 'user', content: [{ text: 'a' }] }] });
    expect(error?.message).toContain('inference profile');
    const ok = await client.send(
      new ConverseCommand({ modelId: 'us.anthropic.claude-sonnet-4-6', messages: [{ role: 'user', content: [{ text: 'a' }] }] }),
    );
    expect(ok.stopReason).toBe('end_turn');
  });

  it('answers a tool-result turn and cuts at maxTokens with stopReason max_tokens', async () => {
    const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } } }] };
    const first = await client.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'get weather in Paris' }] }], toolConfig }));
    expect(first.stopReason).toBe('tool_use');
    const toolUse = first.output?.message?.content?.find((block) => block.toolUse)?.toolUse;
    const second = await client.send(
      new ConverseCommand({
        modelId: HAIKU,
        toolConfig,
        inferenceConfig: { maxTokens: 6 },
        messages: [
          { role: 'user', content: [{ text: 'get weather in Paris' }] },
          { role: 'assistant', content: first.output?.message?.content ?? [] },
          { role: 'user', content: [{ toolResult: { toolUseId: toolUse?.toolUseId, content: [{ json: { tempC: 21 } }] } }] },
        ],
      }),
    );
    expect(second.stopReason).toBe('max_tokens');
    expect(second.usage?.outputTokens).toBe(6);
    expect(second.output?.message?.content?.[0].text).toMatch(/^Based on the tool result/);
  });
});
