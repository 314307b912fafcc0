/**
 * SQS accepts only these characters in message bodies and string attribute values:
 * `#x9 | #xA | #xD | #x20 to #xD7FF | #xE000 to #xFFFD | #x10000 to #x10FFFF` (SQS API reference,
 * `SendMessage`; SQS developer guide, "Amazon SQS message quotas"; read 2026-12-07). Anything else
 * answers `InvalidMessageContents` with AWS's message (as reported by SDK users).
 */
import { SqsError } from './errors.js';

// A lone surrogate (U+D800–U+DFFF not in a pair) is outside the set too.
// eslint-disable-next-line no-control-regex
const DISALLOWED = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

export const ALLOWED_CHARACTERS = '#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]';

/** Throws `InvalidMessageContents` naming the first character outside SQS's set. */
export function checkMessageContents(text: unknown, where = 'message body'): void {
  if (typeof text !== 'string') return;
  const found = DISALLOWED.exec(text);
  if (!found) return;
  const code = (found[0].codePointAt(0) ?? 0).toString(16).toUpperCase();
  throw new SqsError('InvalidMessageContents', `Invalid binary character '#x${code}' was found in the ${where}, the set of allowed characters is ${ALLOWED_CHARACTERS}.`);
}

/** Checks a message's body and its string attribute values. */
export function checkMessage(message: unknown): void {
  if (message === null || typeof message !== 'object') return;
  const { MessageBody, MessageAttributes } = message as { MessageBody?: unknown; MessageAttributes?: unknown };
  checkMessageContents(MessageBody);
  if (MessageAttributes && typeof MessageAttributes === 'object') {
    for (const attribute of Object.values(MessageAttributes as Record<string, unknown>)) {
      if (attribute && typeof attribute === 'object') checkMessageContents((attribute as { StringValue?: unknown }).StringValue, 'message attribute value');
    }
  }
}
