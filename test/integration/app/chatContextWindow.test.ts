/**
 * A conversation longer than the model's context window keeps working: the chat drops its oldest
 * turns so the input fits (the fake Bedrock refuses, as Bedrock does, a Converse over the window).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bedrockInvocations, callApi } from '../harness/api.js';

interface ChatAnswer {
  conversation_id: string;
  response: string;
  message?: string;
}

describe('chat history and the context window', () => {
  it('answers every turn of a conversation whose history passes the window, sending only what fits', { timeout: 60_000 }, async () => {
    // Prepare: 90,000 punctuation marks are 90,000 tokens in the fake's estimate; three of them pass 200,000
    const tag = randomUUID();
    const long = (n: number) => `${tag} ${n} ${'!'.repeat(90_000)}`;
    // Act
    const first = await callApi<ChatAnswer>('/chat', { body: { message: long(1) } });
    const id = first.body.conversation_id;
    const second = await callApi<ChatAnswer>('/chat', { body: { message: long(2), conversation_id: id } });
    const third = await callApi<ChatAnswer>('/chat', { body: { message: long(3), conversation_id: id } });
    // Assess
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    const calls = (await bedrockInvocations()).filter((call) => call.operation === 'Converse' && call.input.messages?.at(-1)?.content[0]?.text === long(3));
    expect(calls).toHaveLength(1);
    const sent = calls[0]!.input.messages!;
    expect(sent[0]!.role).toBe('user');
    expect(sent[0]!.content[0]!.text).toBe(long(2));
    expect(sent).toHaveLength(3);
  });
});
