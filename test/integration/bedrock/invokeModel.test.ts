import {
  CountTokensCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { cosineSimilarity } from '../../../local/bedrock/embeddings/deterministicEmbedding.js';
import { HAIKU, sdkClient } from './sdkClient.js';

const json = (bytes: Uint8Array | undefined) => JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;

describe('fake Bedrock InvokeModel family bodies', () => {
  let bedrock: RunningBedrock;
  let client: ReturnType<typeof sdkClient>;
  beforeAll(async () => {
    bedrock = await startBedrockServer();
    client = sdkClient(bedrock.url);
  });
  afterAll(async () => {
    client.destroy();
    await bedrock.close();
  });

  const invoke = async (modelId: string, body: unknown) =>
    json((await client.send(new InvokeModelCommand({ modelId, body: JSON.stringify(body), contentType: 'application/json' }))).body);

  it('speaks Anthropic Messages, including tool use', async () => {
    const answer = await invoke(HAIKU, {
      anthropic_version: 'bedrock-2023-05-31',
      max_tokens: 200,
      messages: [{ role: 'user', content: 'use get_time please' }],
      tools: [{ name: 'get_time', description: 'time', input_schema: { type: 'object', properties: { zone: { type: 'string' } } } }],
    });
    expect(answer).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-haiku-4-5-20251001', stop_reason: 'tool_use' });
    expect((answer.content as Array<{ type: string; name?: string }>).at(-1)).toMatchObject({ type: 'tool_use', name: 'get_time' });
    expect(answer.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number) });
  });

  it('refuses an Anthropic body without max_tokens as Bedrock does', async () => {
    const error = await invoke(HAIKU, { anthropic_version: 'bedrock-2023-05-31', messages: [{ role: 'user', content: 'hi' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as Error).message).toContain('required key [max_tokens] not found');
  });

  it('speaks Nova, Llama and Titan Text', async () => {
    const nova = await invoke('amazon.nova-lite-v1:0', { schemaVersion: 'messages-v1', messages: [{ role: 'user', content: [{ text: 'hi nova' }] }], inferenceConfig: { max_new_tokens: 3 } });
    expect(nova).toMatchObject({ stopReason: 'max_tokens', usage: { outputTokens: 3 } });
    expect((nova.output as { message: { content: Array<{ text: string }> } }).message.content[0].text).toBeTypeOf('string');

    const llama = await invoke('meta.llama3-8b-instruct-v1:0', { prompt: 'hi llama', max_gen_len: 512 });
    expect(llama).toMatchObject({ stop_reason: 'stop', generation: expect.stringContaining('hi llama') });

    const titan = await invoke('amazon.titan-text-express-v1', { inputText: 'hi titan', textGenerationConfig: { maxTokenCount: 2 } });
    expect((titan.results as Array<Record<string, unknown>>)[0]).toMatchObject({ tokenCount: 2, completionReason: 'LENGTH' });
  });

  it('returns deterministic embeddings of the right dimension, similar texts closer', async () => {
    const embed = async (inputText: string, dimensions?: number) =>
      (await invoke('amazon.titan-embed-text-v2:0', { inputText, dimensions })).embedding as number[];
    const a = await embed('How do I reset my account password?');
    const b = await embed('How can I reset the password of my account?');
    const c = await embed('Quarterly revenue grew in the northern region.');
    expect(a).toHaveLength(1024);
    expect(await embed('How do I reset my account password?')).toEqual(a);
    expect(cosineSimilarity(a, b)).toBeGreaterThan(cosineSimilarity(a, c));
    expect(await embed('short', 256)).toHaveLength(256);

    const cohere = await invoke('cohere.embed-english-v3', { texts: ['one', 'two'], input_type: 'search_document' });
    expect((cohere.embeddings as number[][]).map((vector) => vector.length)).toEqual([1024, 1024]);
  });

  it('streams each family as chunk events with the family chunks inside', async () => {
    const response = await client.send(
      new InvokeModelWithResponseStreamCommand({
        modelId: HAIKU,
        body: JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 50, messages: [{ role: 'user', content: 'stream it' }] }),
      }),
    );
    const chunks: Array<Record<string, unknown>> = [];
    for await (const event of response.body ?? []) chunks.push(json(event.chunk?.bytes));
    expect(chunks.map((chunk) => chunk.type)).toEqual(expect.arrayContaining(['message_start', 'content_block_start', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']));
    expect(chunks.at(-1)?.['amazon-bedrock-invocationMetrics']).toMatchObject({ outputTokenCount: expect.any(Number) });

    const llama = await client.send(new InvokeModelWithResponseStreamCommand({ modelId: 'meta.llama3-8b-instruct-v1:0', body: JSON.stringify({ prompt: 'stream llama' }) }));
    const generations: string[] = [];
    for await (const event of llama.body ?? []) generations.push(String(json(event.chunk?.bytes).generation));
    expect(generations.join('')).toContain('stream llama');
  });

  it('counts tokens for Converse and InvokeModel inputs alike', async () => {
    const messages = [{ role: 'user' as const, content: [{ text: 'count these words please' }] }];
    const viaConverse = await client.send(new CountTokensCommand({ modelId: HAIKU, input: { converse: { messages } } }));
    const viaInvoke = await client.send(
      new CountTokensCommand({
        modelId: HAIKU,
        input: { invokeModel: { body: new TextEncoder().encode(JSON.stringify({ anthropic_version: 'bedrock-2023-05-31', max_tokens: 10, messages: [{ role: 'user', content: 'count these words please' }] })) } },
      }),
    );
    expect(viaConverse.inputTokens).toBeGreaterThan(4);
    expect(viaInvoke.inputTokens).toBe(viaConverse.inputTokens);
  });
});
