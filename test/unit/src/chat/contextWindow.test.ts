import type { Message } from '@aws-sdk/client-bedrock-runtime';
import { describe, expect, it } from 'vitest';
import { fitToContextWindow, messageTokenBound } from '../../../../src/chat/contextWindow.js';

const user = (text: string): Message => ({ role: 'user', content: [{ text }] });
const assistant = (text: string): Message => ({ role: 'assistant', content: [{ text }] });

describe('fitToContextWindow', () => {
  it('keeps a conversation that fits as it is', () => {
    const messages = [user('a'), assistant('b'), user('c')];
    expect(fitToContextWindow(messages, 1_000)).toBe(messages);
  });

  it('drops the oldest whole turns until the rest fits, starting with a user message', () => {
    // Prepare: three turns of 100 bytes each side, then a new message
    const messages = [user('1'.repeat(100)), assistant('1'.repeat(100)), user('2'.repeat(100)), assistant('2'.repeat(100)), user('new')];
    const budget = messageTokenBound(messages[2]!) + messageTokenBound(messages[3]!) + messageTokenBound(messages[4]!);
    // Act
    const fitted = fitToContextWindow(messages, budget);
    // Assess
    expect(fitted).toEqual(messages.slice(2));
    expect(fitted[0]!.role).toBe('user');
  });

  it('counts tokens by UTF-8 bytes, an upper bound for three-byte characters too', () => {
    expect(messageTokenBound(user('文'.repeat(10)))).toBe(30 + 8);
  });

  it('refuses a new message that alone does not fit, with 413', () => {
    expect(() => fitToContextWindow([user('x'.repeat(2_000))], 1_000)).toThrow(expect.objectContaining({ statusCode: 413 }));
  });
});
