/**
 * Reads a task message body (`{"task_id", "prompt", "callback_url"?}`) from SQS, with the submit
 * route's limits: a message sent straight to the queue is held to the same rules as one that came
 * through `POST /tasks` (prompt size in UTF-8 bytes, task id format, callback URL policy).
 */
import { CallbackUrlRefusedError, type CallbackUrlPolicy } from './callbackUrlPolicy.js';
import { InvalidTaskMessageError } from './errors.js';
import type { TaskMessage } from './taskTypes.js';

/** What a task id may be: the ids `POST /tasks` issues, and any a sender chose within these bounds. */
export const TASK_ID_PATTERN = /^[A-Za-z0-9-]{1,64}$/;

export interface TaskMessageLimits {
  /** The submit route's `MAX_PROMPT_BYTES`. */
  maxPromptBytes: number;
  /** The submit route's callback URL policy (its form check; the address is checked when sending). */
  callbackPolicy: Pick<CallbackUrlPolicy, 'check'>;
}

/** The task id of a body that is a JSON object with a well-formed `task_id`, else undefined. */
export function taskIdOf(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { task_id?: unknown } | null;
    const taskId = parsed?.task_id;
    return typeof taskId === 'string' && TASK_ID_PATTERN.test(taskId) ? taskId : undefined;
  } catch {
    return undefined;
  }
}

/** Parses and checks a message body; throws `InvalidTaskMessageError` (its message is safe to store and show). */
export function parseTaskMessage(body: string, limits: TaskMessageLimits): TaskMessage {
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
  if (Buffer.byteLength(prompt, 'utf8') > limits.maxPromptBytes) {
    throw new InvalidTaskMessageError(`Task message "prompt" is larger than ${limits.maxPromptBytes} bytes`);
  }
  if (callbackUrl !== undefined && callbackUrl !== null && typeof callbackUrl !== 'string') {
    throw new InvalidTaskMessageError('Task message "callback_url" must be a string');
  }
  if (typeof callbackUrl === 'string' && callbackUrl !== '') {
    try {
      limits.callbackPolicy.check(callbackUrl);
    } catch (error) {
      if (error instanceof CallbackUrlRefusedError) throw new InvalidTaskMessageError(`Task message refused: ${error.message}`, { cause: error });
      throw error;
    }
  }
  return { task_id: taskId, prompt, ...(typeof callbackUrl === 'string' && callbackUrl !== '' ? { callback_url: callbackUrl } : {}) };
}
