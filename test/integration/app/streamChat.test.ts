import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bedrockInvocations, callApi, endpoints } from '../harness/api.js';

interface SseEvent {
  event?: string;
  data: string;
}

function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const lines = block.split('\n');
      return {
        event: lines.find((l) => l.startsWith('event: '))?.slice(7),
        data: lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n'),
      };
    });
}

async function streamChat(body: unknown, token = endpoints().token) {
  const url = endpoints().functionUrls?.StreamFunction;
  expect(url).toBeTruthy();
  const response = await fetch(url!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, contentType: response.headers.get('content-type'), text: await response.text() };
}

describe('streaming chat through the Function URL', () => {
  it('streams the answer as Server-Sent Events and stores the turn', async () => {
    const tag = randomUUID();
    const response = await streamChat({ message: `stream ${tag}` });

    expect(response.status).toBe(200);
    expect(response.contentType).toContain('text/event-stream');
    const events = parseSse(response.text);
    expect(events.at(-1)).toEqual({ event: undefined, data: '[DONE]' });
    const payloads = events.slice(0, -1).map((e) => JSON.parse(e.data) as { text?: string; usage?: unknown; conversation_id?: string });
    const text = payloads.filter((p) => p.text !== undefined).map((p) => p.text).join('');
    expect(payloads.filter((p) => p.text !== undefined).length).toBeGreaterThan(1);
    const final = payloads.at(-1)!;
    expect(final.usage).toBeTruthy();

    const followUp = await callApi<{ response: string }>('/chat', { body: { message: `next ${tag}`, conversation_id: final.conversation_id } });
    expect(followUp.status).toBe(200);
    const call = (await bedrockInvocations()).find((c) => c.input.messages?.at(-1)?.content[0]?.text === `next ${tag}`);
    expect(call?.input.messages?.map((m) => m.content[0]?.text)).toEqual([`stream ${tag}`, text, `next ${tag}`]);
  });

  it('refuses a request without a valid token before calling the model', async () => {
    const missing = await streamChat({ message: 'hi' }, '');
    const bad = await streamChat({ message: 'hi' }, 'not-a-token');

    expect(missing.status).toBe(401);
    expect(bad.status).toBe(403);
  });

  it('answers 400 for a bad body', async () => {
    const response = await streamChat({ message: '' });
    expect(response.status).toBe(400);
  });
});
