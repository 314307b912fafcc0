import { createHash } from 'node:crypto';
import type { Message } from '@aws-sdk/client-bedrock-runtime';
import type { ModelRequest } from './types.js';

/** A stable hash of what determines an answer: model, system, messages, tools. */
export function requestFingerprint(request: Pick<ModelRequest, 'model' | 'system' | 'messages' | 'toolConfig'>): string {
  return createHash('sha256')
    .update(JSON.stringify([request.model.entry.id, request.system, request.messages, request.toolConfig ?? null]))
    .digest('hex');
}

/** The text of the last user message (its text blocks joined), or '' if it has none. */
export function lastUserText(messages: readonly Message[]): string {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (message.role !== 'user') continue;
    return (message.content ?? [])
      .map((block) => (typeof block.text === 'string' ? block.text : (block.guardContent?.text?.text ?? '')))
      .filter((text) => text !== '')
      .join('\n');
  }
  return '';
}

/** Whether the last user turn carries tool results (the model is expected to use them). */
export function lastTurnHasToolResults(messages: readonly Message[]): boolean {
  const last = messages[messages.length - 1];
  return last?.role === 'user' && (last.content ?? []).some((block) => block.toolResult !== undefined);
}
