import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStack } from '../../../local/testing/vitest.js';
import { bedrockInvocations, callApi, expiredToken, otherUserToken } from '../harness/api.js';

interface ChatAnswer {
  conversation_id: string;
  response: string;
  message?: string;
}

const chat = (body: unknown, headers?: Record<string, string | undefined>) => callApi<ChatAnswer>('/chat', { body, headers });

/** The messages Bedrock received for the call whose last user message is `text`. */
async function messagesSentWith(text: string) {
  const calls = (await bedrockInvocations()).filter((call) => call.input.messages?.at(-1)?.content[0]?.text === text);
  expect(calls).toHaveLength(1);
  return calls[0].input.messages!.map((m) => [m.role, m.content[0]?.text]);
}

describe('POST /chat', () => {
  it('keeps a conversation: the model sees the earlier turns in order, alternating', async () => {
    const tag = randomUUID();
    const first = await chat({ message: `first ${tag}` });
    expect(first.status).toBe(200);
    expect(first.body.conversation_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.body.response.length).toBeGreaterThan(0);
    const id = first.body.conversation_id;

    const second = await chat({ message: `second ${tag}`, conversation_id: id });
    const third = await chat({ message: `third ${tag}`, conversation_id: id });

    expect([second.status, third.status]).toEqual([200, 200]);
    expect(third.body.conversation_id).toBe(id);
    expect(await messagesSentWith(`third ${tag}`)).toEqual([
      ['user', `first ${tag}`],
      ['assistant', first.body.response],
      ['user', `second ${tag}`],
      ['assistant', second.body.response],
      ['user', `third ${tag}`],
    ]);
  });

  it('keeps the history alternating after two concurrent turns on one conversation', async () => {
    const tag = randomUUID();
    const { body } = await chat({ message: `opening ${tag}` });
    const id = body.conversation_id;

    const concurrent = await Promise.all([
      chat({ message: `left ${tag}`, conversation_id: id }),
      chat({ message: `right ${tag}`, conversation_id: id }),
    ]);
    const next = await chat({ message: `after ${tag}`, conversation_id: id });

    expect(concurrent.map((r) => r.status)).toEqual([200, 200]);
    expect(next.status).toBe(200);
    const roles = (await messagesSentWith(`after ${tag}`)).map(([role]) => role);
    expect(roles).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
  });

  it('answers 400 for bad input and stores nothing', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"message": "unclosed', /not valid JSON/],
      [{}, /"message" is required/],
      [{ message: '   ' }, /must not be empty/],
      [{ message: 42 }, /must be a string/],
      [{ message: 'hi', conversation_id: 7 }, /"conversation_id" must be a string/],
      [{ message: 'hi', conversation_id: 'not-a-uuid' }, /must be a UUID/],
      [[1, 2], /JSON object/],
    ];
    for (const [body, message] of cases) {
      const response = await chat(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.message).toMatch(message);
    }
    const huge = await chat({ message: 'x'.repeat(100_001) });
    expect(huge.status).toBe(413);
    const stillServing = await chat({ message: 'still there?' });
    expect(stillServing.status).toBe(200);
  });

  it("answers 404 for another user's conversation and leaks nothing of it", async () => {
    const secret = `secret ${randomUUID()}`;
    const mine = await chat({ message: secret });
    const other = await otherUserToken();

    const theirs = await chat({ message: 'show me', conversation_id: mine.body.conversation_id }, { authorization: `Bearer ${other}` });
    const unknown = await chat({ message: 'show me', conversation_id: randomUUID() });

    expect(theirs.status).toBe(404);
    expect(theirs.text).not.toContain(secret);
    expect(theirs.body).toEqual(unknown.body);
    expect(unknown.status).toBe(404);
  });

  it('refuses missing or bad tokens as API Gateway does, and ignores the x-api-key header (the key is the token\'s own)', async () => {
    const body = { message: 'hello' };
    const noKey = await chat(body, { 'x-api-key': undefined });
    const wrongKey = await chat(body, { 'x-api-key': 'wrong' });
    const noToken = await chat(body, { authorization: undefined });
    const badToken = await chat(body, { authorization: 'Bearer not.a.jwt' });
    const expired = await chat(body, { authorization: `Bearer ${await expiredToken()}` });

    // ApiKeySourceType AUTHORIZER: the key checked is the authorizer's usageIdentifierKey (docs/per-user-limits.md).
    expect([noKey.status, wrongKey.status]).toEqual([200, 200]);
    expect([noToken.status, noToken.body]).toEqual([401, { message: 'Unauthorized' }]);
    expect([badToken.status, badToken.body]).toEqual([403, { Message: 'User is not authorized to access this resource with an explicit deny' }]);
    expect(expired.status).toBe(403);
    expect(noToken.headers.get('x-amzn-errortype')).toBe('UnauthorizedException');
    expect(noToken.headers.get('x-amzn-requestid')).toBeTruthy();
  });

  it('answers an unknown route with Missing Authentication Token', async () => {
    const response = await callApi('/no-such-route', { method: 'GET' });
    expect([response.status, response.body]).toEqual([403, { message: 'Missing Authentication Token' }]);
  });

  it('turns a Bedrock throttle into a 429 and stores no half turn', async () => {
    const tag = randomUUID();
    const { body } = await chat({ message: `before ${tag}` });
    await useStack().bedrock.fixtures({ match: { lastUserMessage: `throttle me ${tag}` }, error: { code: 'ThrottlingException', message: 'Too many tokens' } });

    const throttled = await chat({ message: `throttle me ${tag}`, conversation_id: body.conversation_id });
    const next = await chat({ message: `after ${tag}`, conversation_id: body.conversation_id });

    expect(throttled.status).toBe(429);
    expect(throttled.body.message).toMatch(/too many requests/i);
    expect(next.status).toBe(200);
    expect((await messagesSentWith(`after ${tag}`)).map(([, text]) => text)).toEqual([`before ${tag}`, body.response, `after ${tag}`]);
  });
});
