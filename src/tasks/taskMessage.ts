/** Reads a task message body (`{"task_id", "prompt", "callback_url"?}`) from SQS. */
import { InvalidTaskMessageError } from './errors.js';
import type { TaskMessage } from './taskTypes.js';

/** What a task id may be: the ids `POST /tasks` issues, and any a sender chose within these bounds. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

/** Parses and checks a message body; throws `InvalidTaskMessageError` for anything else. */
export function parseTaskMessage(body: string): TaskMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (error) {
    throw new InvalidTaskMessageError('Task message body is not JSON', { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new InvalidTaskMessageError('Task message body is not a JSON object');
  const { task_id: taskId, prompt, callback_url: callbackUrl } = parsed as Record<string, unknown>;
  if (typeof taskId !== 'string' || !TASK_ID_PATTERN.test(taskId)) throw new InvalidTaskMessageError('Task message has no valid "task_id"');
  if (typeof prompt !== 'string' || prompt.trim() === '') throw new InvalidTaskMessageError('Task message has no "prompt"');
  if (callbackUrl !== undefined && callbackUrl !== null && typeof callbackUrl !== 'string') {
    throw new InvalidTaskMessageError('Task message "callback_url" must be a string');
  }
  return { task_id: taskId, prompt, ...(typeof callbackUrl === 'string' && callbackUrl !== '' ? { callback_url: callbackUrl } : {}) };
}
