import { ConverseCommand, ValidationException } from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { HAIKU, sdkClient } from './sdkClient.js';

describe('fake Bedrock Converse', () => {
  let bedrock: RunningBedrock;
  beforeAll(async () => {
    bedrock = await startBedrockServer();
  });
  afterAll(async () => {
    await bedrock.close();
  });

  it('answers an unmodified SDK client over HTTP/2, deterministically', async () => {
    const client = sdkClient(bedrock.url);
    const input = { modelId: HAIKU, messages: [{ role: 'user' as const, content: [{ text: 'What is DynamoDB?' }] }] };
    const first = await client.send(new ConverseCommand(input));
    const second = await client.send(new ConverseCommand(input));
    client.destroy();

    expect(first.stopReason).toBe('end_turn');
    expect(first.output?.message?.role).toBe('assistant');
    expect(first.output?.message?.content?.[0]?.text).toContain('What is DynamoDB?');
    expect(second.output).toEqual(first.output);
    expect(first.usage?.totalTokens).toBe((first.usage?.inputTokens ?? 0) + (first.usage?.outputTokens ?? 0));
    expect(first.metrics?.latencyMs).toBeGreaterThan(0);
  });

  it('answers HTTP/1.1 clients on the same port', async () => {
    const response = await fetch(`${bedrock.url}/model/${encodeURIComponent(HAIKU)}/converse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'AWS4-HMAC-SHA256 Credential=local/20250101/us-east-1/bedrock/aws4_request, SignedHeaders=host, Signature=00' },
      body: JSON.stringify({ messages: [{ role: 'user', content: [{ text: 'hi' }] }] }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { stopReason: string }).stopReason).toBe('end_turn');
  });

  it('raises typed errors the SDK recognises', async () => {
    const client = sdkClient(bedrock.url);
    const error = await client
      .send(new ConverseCommand({ modelId: 'anthropic.no-such-model-v1:0', messages: [{ role: 'user', content: [{ text: 'hi' }] }] }))
      .catch((caught: unknown) => caught);
    client.destroy();
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toBe('The provided model identifier is invalid.');
    expect((error as ValidationException).$metadata.httpStatusCode).toBe(400);
  });

  it('refuses an unsigned request as AWS does', async () => {
    const response = await fetch(`${bedrock.url}/model/${encodeURIComponent(HAIKU)}/converse`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(403);
    expect(response.headers.get('x-amzn-errortype')).toMatch(/^MissingAuthenticationTokenException/);
  });

  it('lists invocations under /_fake/invocations and resets', async () => {
    const client = sdkClient(bedrock.url);
    await client.send(new ConverseCommand({ modelId: HAIKU, messages: [{ role: 'user', content: [{ text: 'inspect me' }] }] }));
    client.destroy();
    const listed = (await (await fetch(`${bedrock.url}/_fake/invocations`)).json()) as {
      invocations: Array<{ operation: string; modelId: string; input: { messages: Array<{ content: Array<{ text: string }> }> } }>;
    };
    const last = listed.invocations.at(-1);
    expect(last?.operation).toBe('Converse');
    expect(last?.modelId).toBe(HAIKU);
    expect(last?.input.messages[0].content[0].text).toBe('inspect me');

    await fetch(`${bedrock.url}/_fake/reset`, { method: 'POST' });
    const after = (await (await fetch(`${bedrock.url}/_fake/invocations`)).json()) as { invocations: unknown[] };
    expect(after.invocations).toEqual([]);
  });
});
