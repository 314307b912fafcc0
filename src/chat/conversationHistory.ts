/**
 * Stored turns → the `messages` of a Converse request.
 */
import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { StoredTurn } from './conversationTypes.js';

/**
 * Builds Converse messages from the history (oldest first) and the new user message: the last
 * `maxTurns` turns as alternating user/assistant messages, then the new user message. Because each
 * stored turn holds both halves, the result always starts with `user`, alternates, and ends with
 * `user`, as Bedrock requires.
 *
 * @example
 * toConverseMessages([{ sortKey, userMessage: 'Hi', assistantMessage: 'Hello!' }], 'How are you?', 10)
 * // [{role:'user',content:[{text:'Hi'}]}, {role:'assistant',content:[{text:'Hello!'}]}, {role:'user',content:[{text:'How are you?'}]}]
 */
export function toConverseMessages(history: readonly StoredTurn[], newMessage: string, maxTurns: number): Message[] {
  const kept = maxTurns > 0 ? history.slice(-maxTurns) : [];
  const messages: Message[] = [];
  for (const turn of kept) {
    messages.push({ role: 'user', content: [{ text: turn.userMessage }] });
    messages.push({ role: 'assistant', content: [{ text: turn.assistantMessage }] });
  }
  messages.push({ role: 'user', content: [{ text: newMessage }] });
  return messages;
}
