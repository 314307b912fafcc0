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
    const before = new Date().toISOString();
    const third = await callApi<ChatAnswer>('/chat', { body: { message: long(3), conversation_id: id } });
    const after = new Date().toISOString();
    // Assess: every turn answered (the third answered 502 before: the fake refused the Converse)
    expect([first.status, second.status, third.status]).toEqual([200, 200, 200]);
    expect(third.body.conversation_id).toBe(id);
    // The third call's input fitted the window with the oldest turn dropped: at least the new message
    // (90,000 tokens), at most 200,000, less than the three turns (270,000 and more). The fake's log
    // keeps only the metadata of a call this large, so the call is found by its time and its size.
    const calls = (await bedrockInvocations()).filter((call) => call.operation === 'Converse' && call.timestamp >= before && call.timestamp <= after && call.status === 'ok');
    const largest = Math.max(...calls.map((call) => call.usage?.inputTokens ?? 0));
    expect(largest).toBeGreaterThanOrEqual(90_000);
    expect(largest).toBeLessThanOrEqual(200_000);
  });
});
