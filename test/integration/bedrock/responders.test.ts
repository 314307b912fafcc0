import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConverseCommand,
  ConverseStreamCommand,
  ThrottlingException,
  ValidationException,
  type ConverseStreamOutput,
} from '@aws-sdk/client-bedrock-runtime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer } from '../../../local/bedrock/index.js';
import { HAIKU, sdkClient } from './sdkClient.js';

const EXAMPLE_FIXTURES = new URL('../../../fixtures/bedrock/example-fixtures.json', import.meta.url).pathname;
const ask = (text: string, extra: Partial<ConstructorParameters<typeof ConverseCommand>[0]> = {}) =>
  ({ modelId: HAIKU, messages: [{ role: 'user' as const, content: [{ text }] }], ...extra });
const weatherTool = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object', properties: { city: { type: 'string' } } } } } }] };

describe('fake Bedrock fixtures', () => {
  it('answers from a fixtures file: text, tool calls, errors, faults', async () => {
    const bedrock = await startBedrockServer({ fixturesFile: EXAMPLE_FIXTURES });
    const client = sdkClient(bedrock.url);

    const greeting = await client.send(new ConverseCommand(ask('hello there')));
    expect(greeting.output?.message?.content?.[0].text).toBe('Hello! How can I help you today?');

    const tool = await client.send(new ConverseCommand(ask("what's the weather?", { toolConfig: weatherTool })));
    expect(tool.stopReason).toBe('tool_use');
    expect(tool.output?.message?.content?.[1].toolUse).toMatchObject({ name: 'get_weather', input: { city: 'Paris' } });

    expect(await client.send(new ConverseCommand(ask('simulate throttling'))).catch((error: unknown) => error)).toBeInstanceOf(ThrottlingException);
    expect((await client.send(new ConverseCommand(ask('simulate throttling')))).stopReason).toBe('end_turn');

    const stream = await client.send(new ConverseStreamCommand(ask('please break the stream')));
    const texts: string[] = [];
    const error = await (async () => {
      for await (const event of stream.stream ?? []) if (event.contentBlockDelta) texts.push(event.contentBlockDelta.delta?.text ?? '');
    })().catch((caught: unknown) => caught);
    expect(texts.join('')).toBe('This answer will not');
    expect((error as Error).name).toBe('ModelStreamErrorException');

    client.destroy();
    await bedrock.close();
  });

  it('loads rules at run time through /_fake/fixtures', async () => {
    const bedrock = await startBedrockServer();
    const loaded = await fetch(`${bedrock.url}/_fake/fixtures`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ match: { lastUserMessage: 'capital of france' }, respond: { text: 'Paris.' } }] }),
    });
    expect(loaded.status).toBe(200);
    const bad = await fetch(`${bedrock.url}/_fake/fixtures`, { method: 'POST', body: JSON.stringify({ rules: [{ match: {} }] }) });
    expect(bad.status).toBe(400);

    const client = sdkClient(bedrock.url);
    const answer = await client.send(new ConverseCommand(ask('What is the capital of France?')));
    client.destroy();
    await bedrock.close();
    expect(answer.output?.message?.content?.[0].text).toBe('Paris.');
  });
});

describe('fake Bedrock record and replay', () => {
  it('records exchanges with an upstream Bedrock as fixtures, then replays them offline', async () => {
    const fixturesFile = join(mkdtempSync(join(tmpdir(), 'bedrock-record-')), 'recorded.json');
    const upstream = await startBedrockServer({ fixtures: [{ match: { lastUserMessage: 'only upstream knows' }, respond: { text: 'The upstream answer.' } }] });
    const recorder = await startBedrockServer({
      responder: 'record',
      record: { fixturesFile, endpoint: upstream.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
    });
    const client = sdkClient(recorder.url);
    const recorded = await client.send(new ConverseCommand(ask('only upstream knows this')));
    client.destroy();
    await recorder.close();
    await upstream.close();
    expect(recorded.output?.message?.content?.[0].text).toBe('The upstream answer.');
    const written = JSON.parse(readFileSync(fixturesFile, 'utf8')) as { rules: Array<{ match: { requestHash: string }; respond: { text: string } }> };
    expect(written.rules).toHaveLength(1);
    expect(written.rules[0].respond.text).toBe('The upstream answer.');

    const replay = await startBedrockServer({ fixturesFile, responder: 'fixtures-only' });
    const replayClient = sdkClient(replay.url);
    const replayed = await replayClient.send(new ConverseStreamCommand(ask('only upstream knows this')));
    let text = '';
    for await (const event of replayed.stream ?? []) text += event.contentBlockDelta?.delta?.text ?? '';
    const miss = await replayClient.send(new ConverseCommand(ask('never recorded'))).catch((error: unknown) => error);
    replayClient.destroy();
    await replay.close();
    expect(text).toBe('The upstream answer.');
    expect(miss).toBeInstanceOf(ValidationException);
  });
});

/** A tiny OpenAI-compatible chat-completions server that streams, like Ollama or llama.cpp. */
function openAiServer(): Promise<{ server: Server; url: string; requests: Array<Record<string, unknown>> }> {
  const requests: Array<Record<string, unknown>> = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const payload = JSON.parse(body) as { messages: Array<{ role: string; content: string }>; tools?: unknown[]; stream?: boolean };
      requests.push(payload);
      const chunk = (data: unknown) => response.write(`data: ${JSON.stringify(data)}\n\n`);
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      const lastUser = payload.messages.filter((message) => message.role === 'user').at(-1)?.content ?? '';
      if (payload.tools && !payload.messages.some((message) => message.role === 'tool')) {
        chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }] } }] });
        chunk({ choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'ty":"Oslo"}' } }] }, finish_reason: 'tool_calls' }] });
      } else {
        for (const word of ['Upstream', ' says', ` ${lastUser.length}`]) chunk({ choices: [{ index: 0, delta: { content: word } }] });
        chunk({ choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
      }
      chunk({ choices: [], usage: { prompt_tokens: 11, completion_tokens: 3 } });
      response.end('data: [DONE]\n\n');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, requests })),
  );
}

describe('fake Bedrock OpenAI-compatible upstream', () => {
  let upstream: Awaited<ReturnType<typeof openAiServer>>;
  beforeAll(async () => {
    upstream = await openAiServer();
  });
  afterAll(() => {
    upstream.server.close();
  });

  it('translates Converse and ConverseStream to chat completions and back, tool calls included', async () => {
    const bedrock = await startBedrockServer({ upstream: { baseUrl: upstream.url, model: 'llama3.2' }, modelResponders: { 'anthropic.*': 'upstream' } });
    const client = sdkClient(bedrock.url);

    const answer = await client.send(new ConverseCommand(ask('four', { system: [{ text: 'Be brief.' }] })));
    expect(answer.output?.message?.content?.[0].text).toBe('Upstream says 4');
    expect(answer.usage).toMatchObject({ inputTokens: 11, outputTokens: 3 });
    expect(upstream.requests[0]).toMatchObject({ model: 'llama3.2', stream: true, messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'four' }] });

    const stream = await client.send(new ConverseStreamCommand(ask('weather in Oslo?', { toolConfig: weatherTool })));
    const events: ConverseStreamOutput[] = [];
    for await (const event of stream.stream ?? []) events.push(event);
    const start = events.find((event) => event.contentBlockStart)?.contentBlockStart?.start?.toolUse;
    expect(start).toEqual({ toolUseId: 'call_abc', name: 'get_weather' });
    const input = events.map((event) => event.contentBlockDelta?.delta?.toolUse?.input ?? '').join('');
    expect(JSON.parse(input)).toEqual({ city: 'Oslo' });
    expect(events.find((event) => event.messageStop)?.messageStop?.stopReason).toBe('tool_use');

    const followUp = await client.send(
      new ConverseCommand({
        modelId: HAIKU,
        toolConfig: weatherTool,
        messages: [
          { role: 'user', content: [{ text: 'weather in Oslo?' }] },
          { role: 'assistant', content: [{ toolUse: { toolUseId: 'call_abc', name: 'get_weather', input: { city: 'Oslo' } } }] },
          { role: 'user', content: [{ toolResult: { toolUseId: 'call_abc', content: [{ json: { tempC: 3 } }] } }] },
        ],
      }),
    );
    expect(followUp.stopReason).toBe('end_turn');
    expect((upstream.requests.at(-1)?.messages as Array<Record<string, unknown>>).slice(1)).toEqual([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_abc', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      { role: 'tool', tool_call_id: 'call_abc', content: '{"tempC":3}' },
    ]);

    client.destroy();
    await bedrock.close();
  });
});
