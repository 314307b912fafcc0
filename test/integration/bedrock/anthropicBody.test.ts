/**
 * InvokeModel with an Anthropic Messages body: the schema Bedrock applies (accepted keys,
 * required keys, types, ranges) answered in its "Malformed input request" form, the content blocks
 * the Messages API on Bedrock accepts, and `message_start` reporting the real input tokens.
 */
import { InvokeModelCommand, InvokeModelWithResponseStreamCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { HAIKU, fakeBedrockWithClient } from './sdkClient.js';

const SIGNED = { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=0' };
const BASE = { anthropic_version: 'bedrock-2023-05-31', max_tokens: 64, messages: [{ role: 'user', content: 'hello' }] };
const PNG = Buffer.from('iVBORw0KGgo=', 'base64').toString('base64');

describe('InvokeModel: the Anthropic Messages body as Bedrock checks it', () => {
  const fake = fakeBedrockWithClient();

  const invokeError = (body: unknown) =>
    fake.client.send(new InvokeModelCommand({ modelId: HAIKU, body: JSON.stringify(body) })).then(() => undefined, (error: unknown) => error as ValidationException);

  it('refuses a key the schema does not name, in AWS words', async () => {
    // Act
    const error = await invokeError({ ...BASE, frequency_penalty: 0.5 });
    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect(error?.message).toBe('Malformed input request: #: extraneous key [frequency_penalty] is not permitted, please reformat your input and try again.');
  });

  it('lists every violation, joined as Bedrock joins them', async () => {
    // Act
    const error = await invokeError({ anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'bot', content: [{ type: 'text', text: 'a', colour: 'red' }] }], temperature: 1.5, top_k: -1, prompt: 'x' });
    // Assess
    expect(error?.message).toBe(
      'Malformed input request: #: required key [max_tokens] not found#: extraneous key [prompt] is not permitted#/temperature: 1.5 is not less or equal to 1#/top_k: -1 is not greater or equal to 0' +
        '#/messages/0/role: bot is not a valid enum value#/messages/0/content/0: extraneous key [colour] is not permitted, please reformat your input and try again.',
    );
  });

  it('answers 400, not 500, for null where a structure is expected', async () => {
    // Act
    const responses = await Promise.all(
      [{ ...BASE, system: [null] }, { ...BASE, tools: [null] }, { ...BASE, tool_choice: null }, { ...BASE, messages: [{ role: 'user', content: [null] }] }].map((body) =>
        fetch(`${fake.bedrock.url}/model/${encodeURIComponent(HAIKU)}/invoke`, { method: 'POST', headers: SIGNED, body: JSON.stringify(body) }),
      ),
    );
    // Assess
    expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400]);
    expect(responses.map((response) => response.headers.get('x-amzn-errortype')?.split(':')[0])).toEqual(Array(4).fill('ValidationException'));
  });

  it('accepts image, document, tool_use, tool_result, thinking and redacted_thinking blocks with cache_control', async () => {
    // Prepare
    const body = {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 2048,
      system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],
      tools: [{ name: 'lookup', description: 'Looks up', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral', ttl: '1h' } }],
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } },
            { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'Returns within 30 days.' }, title: 'policy' },
            { type: 'text', text: 'Look it up.', cache_control: { type: 'ephemeral' } },
          ],
        },
        {
          role: 'assistant',
          content: [
            { type: 'thinking', thinking: 'I should call the tool.', signature: 'c2ln' },
            { type: 'redacted_thinking', data: 'cmVkYWN0ZWQ=' },
            { type: 'tool_use', id: 'toolu_1', name: 'lookup', input: { q: 'returns' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: '30 days' }] }] },
      ],
    };
    // Act
    const output = await fake.client.send(new InvokeModelCommand({ modelId: HAIKU, body: JSON.stringify(body) }));
    // Assess
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect((JSON.parse(Buffer.from(output.body).toString()) as { type: string }).type).toBe('message');
  });

  it('streams message_start with the request input token count', async () => {
    // Act
    const output = await fake.client.send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, body: JSON.stringify({ ...BASE, messages: [{ role: 'user', content: 'How long do refunds take to arrive?' }] }) }));
    const chunks: Array<Record<string, unknown>> = [];
    for await (const event of output.body ?? []) if (event.chunk?.bytes) chunks.push(JSON.parse(Buffer.from(event.chunk.bytes).toString()) as Record<string, unknown>);
    // Assess
    const start = chunks[0] as { type: string; message: { usage: { input_tokens: number } } };
    const metrics = chunks.at(-1)?.['amazon-bedrock-invocationMetrics'] as { inputTokenCount: number };
    expect(start.type).toBe('message_start');
    expect(start.message.usage.input_tokens).toBeGreaterThan(0);
    expect(start.message.usage.input_tokens).toBe(metrics.inputTokenCount);
  });
});

describe('InvokeModel: other families refuse keys their body does not take', () => {
  const fake = fakeBedrockWithClient({ asOf: '2026-12-07', lifecycleLog: () => undefined });

  it.each([
    ['Meta Llama', 'us.meta.llama3-3-70b-instruct-v1:0', { prompt: 'hi', max_tokens: 50 }, '#: extraneous key [max_tokens] is not permitted'],
    ['Amazon Titan Text', 'amazon.titan-text-express-v1', { inputText: 'hi', textGenerationConfig: { maxTokens: 50 } }, '#/textGenerationConfig: extraneous key [maxTokens] is not permitted'],
    ['Amazon Nova', 'us.amazon.nova-lite-v1:0', { messages: [{ role: 'user', content: [{ text: 'hi' }] }], inferenceConfig: { max_tokens: 50 }, anthropic_version: 'x' }, '#: extraneous key [anthropic_version] is not permitted#/inferenceConfig: extraneous key [max_tokens] is not permitted'],
  ])('%s', async (_family, modelId, body, violations) => {
    // Act
    const error = await fake.client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body) })).then(() => undefined, (failure: unknown) => failure as ValidationException);
    // Assess
    expect(error).toBeInstanceOf(ValidationException);
    expect(error?.message).toBe(`Malformed input request: ${violations}, please reformat your input and try again.`);
  });
});

describe('InvokeModelWithResponseStream: message_start with prompt caching', () => {
  const fake = fakeBedrockWithClient();

  async function streamUsage(): Promise<{ start: Record<string, number>; inputTokenCount: number }> {
    const body = { ...BASE, system: [{ type: 'text', text: 'Policy text. '.repeat(60), cache_control: { type: 'ephemeral' } }] };
    const output = await fake.client.send(new InvokeModelWithResponseStreamCommand({ modelId: HAIKU, body: JSON.stringify(body) }));
    const chunks: Array<Record<string, unknown>> = [];
    for await (const event of output.body ?? []) if (event.chunk?.bytes) chunks.push(JSON.parse(Buffer.from(event.chunk.bytes).toString()) as Record<string, unknown>);
    const start = (chunks[0] as { message: { usage: Record<string, number> } }).message.usage;
    return { start, inputTokenCount: (chunks.at(-1)?.['amazon-bedrock-invocationMetrics'] as { inputTokenCount: number }).inputTokenCount };
  }

  it('splits the input as the final usage does: written first, read after', async () => {
    // Act
    const first = await streamUsage();
    const second = await streamUsage();
    // Assess
    expect(first.start.cache_creation_input_tokens).toBeGreaterThan(50);
    expect(first.start.cache_read_input_tokens).toBe(0);
    expect(second.start.cache_read_input_tokens).toBe(first.start.cache_creation_input_tokens);
    expect(first.start.input_tokens).toBe(first.inputTokenCount);
    expect(second.start.input_tokens).toBe(second.inputTokenCount);
  });
});
