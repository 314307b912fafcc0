/**
 * Fitting a conversation into the model's context window: the oldest turns go first, whole turns
 * (a user message and its answer) at a time, until the input fits `contextWindowTokens − maxTokens`
 * (room is kept for the answer). The new user message always stays; alone too long, it is refused.
 *
 * Tokens are counted as an upper bound, with no tokenizer: a text's UTF-8 bytes (byte-level BPE
 * tokenizers, Claude's among them, never make more tokens than bytes), plus a few per message for
 * the role markers. English text is ~4 bytes a token, so this keeps less history than would fit,
 * never more: a trimmed request is never refused for its length.
 */
import type { Message } from '@aws-sdk/client-bedrock-runtime';
import { PayloadTooLargeError } from '../lib/errors.js';

const PER_MESSAGE_TOKENS = 8;

/** An upper bound of the input tokens of one message. */
export function messageTokenBound(message: Message): number {
  let total = PER_MESSAGE_TOKENS;
  for (const block of message.content ?? []) total += typeof block.text === 'string' ? Buffer.byteLength(block.text, 'utf8') : 1_000;
  return total;
}

/**
 * The longest suffix of `messages` (history, oldest first, then the new user message) that fits
 * `budgetTokens`, starting with a user message.
 * @throws PayloadTooLargeError (413) when the new message alone does not fit.
 *
 * @example
 * fitToContextWindow([u1, a1, u2, a2, u3], 200_000 - 1024) // [u2, a2, u3] when u1 + a1 do not fit
 */
export function fitToContextWindow(messages: Message[], budgetTokens: number): Message[] {
  const bounds = messages.map(messageTokenBound);
  let total = bounds.reduce((sum, tokens) => sum + tokens, 0);
  let start = 0;
  while (total > budgetTokens && start < messages.length - 1) {
    total -= bounds[start]! + (bounds[start + 1] ?? 0);
    start += 2;
  }
  if (total > budgetTokens) throw new PayloadTooLargeError("The message is too long for the model's context window");
  return start === 0 ? messages : messages.slice(start);
}
