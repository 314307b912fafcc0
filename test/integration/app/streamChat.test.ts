import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bedrockInvocations, callApi, endpoints, expiredToken } from '../harness/api.js';

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

/** `POST /chat/stream` on the REST API (response streaming); no x-api-key: the key is the token's own. */
async function streamChat(body: unknown, token = endpoints().token) {
  const response = await fetch(`${endpoints().api}/chat/stream`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    contentType: response.headers.get('content-type'),
    transferEncoding: response.headers.get('transfer-encoding'),
    text: await response.text(),
  };
}

describe('streaming chat behind the REST API', () => {
  it('streams the answer as Server-Sent Events and stores the turn', async () => {
    const tag = randomUUID();
    const response = await streamChat({ message: `stream ${tag}` });

    expect(response.status).toBe(200);
    expect(response.contentType).toContain('text/event-stream');
    expect(response.transferEncoding).toBe('chunked');
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

  it('is refused by API Gateway without a valid token (the authorizer answers, not the function)', async () => {
    const missing = await streamChat({ message: 'hi' }, '');
    const bad = await streamChat({ message: 'hi' }, 'not-a-token');
    const expired = await streamChat({ message: 'hi' }, await expiredToken());

    expect([missing.status, JSON.parse(missing.text)]).toEqual([401, { message: 'Unauthorized' }]);
    expect([bad.status, JSON.parse(bad.text)]).toEqual([403, { Message: 'User is not authorized to access this resource with an explicit deny' }]);
    expect(expired.status).toBe(403);
  });

  it('answers 400 for a bad body', async () => {
    const response = await streamChat({ message: '' });
    expect(response.status).toBe(400);
  });

  it('is not a Function URL any more', () => {
    expect(endpoints().functionUrls?.StreamFunction).toBeUndefined();
  });
});
