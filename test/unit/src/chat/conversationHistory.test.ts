import { describe, expect, it } from 'vitest';
import { toConverseMessages } from '../../../../src/chat/conversationHistory.js';
import type { StoredTurn } from '../../../../src/chat/conversationTypes.js';

const turns = (n: number): StoredTurn[] =>
  Array.from({ length: n }, (_, i) => ({ sortKey: `TURN#${i}`, userMessage: `question ${i}`, assistantMessage: `answer ${i}` }));

describe('toConverseMessages', () => {
  it('sends only the new message when there is no history', () => {
    expect(toConverseMessages([], 'Hello', 10)).toEqual([{ role: 'user', content: [{ text: 'Hello' }] }]);
  });

  it('alternates user/assistant, oldest first, and ends with the new user message', () => {
    const messages = toConverseMessages(turns(3), 'next', 10);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant', 'user']);
    expect(messages.map((m) => m.content?.[0]?.text)).toEqual([
      'question 0', 'answer 0', 'question 1', 'answer 1', 'question 2', 'answer 2', 'next',
    ]);
  });

  it('keeps only the last N turns', () => {
    const messages = toConverseMessages(turns(5), 'next', 2);
    expect(messages.map((m) => m.content?.[0]?.text)).toEqual(['question 3', 'answer 3', 'question 4', 'answer 4', 'next']);
  });

  it('sends no history when N is 0', () => {
    expect(toConverseMessages(turns(5), 'next', 0)).toHaveLength(1);
  });
});
