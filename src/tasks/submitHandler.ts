/**
 * `POST /tasks` (API Gateway REST, proxy integration): `{"prompt", "callback_url"?}` →
 * `202 {"task_id", "status": "queued"}`.
 *
 * Validation happens before anything is written: a refused request stores and queues nothing.
 * The task is stored `queued` (with the caller's user id), then sent to the queue; if the send
 * fails the task is marked `failed` and the caller gets a 503.
 */
import { randomUUID } from 'node:crypto';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { ServiceUnavailableError } from '../lib/errors.js';
import { decodeBody, failureResponse, jsonResponse } from '../lib/http.js';
import type { CallbackUrlPolicy } from './callbackUrlPolicy.js';
import { callerUserId } from '../auth/callerUserId.js';
import type { TaskQueue } from './sqsTaskQueue.js';
import { parseSubmitRequest } from './submitRequest.js';
import type { TaskStore } from './taskTypes.js';

export interface SubmitHandlerDependencies {
  store: TaskStore & { expiresAt(): number };
  queue: TaskQueue;
  callbackPolicy: CallbackUrlPolicy;
  maxPromptBytes: number;
  logger: Logger;
  newTaskId?: () => string;
}

export type SubmitHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

/** Builds the submit handler around its store and queue (the real ones in `submit/handler.ts`). */
export function createSubmitHandler(dependencies: SubmitHandlerDependencies): SubmitHandler {
  const { store, queue, callbackPolicy, maxPromptBytes, logger } = dependencies;
  const newTaskId = dependencies.newTaskId ?? randomUUID;
  return async (event, context) => {
    logger.addContext(context);
    try {
      const userId = callerUserId(event);
      const request = parseSubmitRequest(decodeBody(event.body, event.isBase64Encoded), { maxPromptBytes, callbackPolicy });
      const taskId = newTaskId();
      const now = new Date().toISOString();
      await store.create({
        task_id: taskId,
        user_id: userId,
        status: 'queued',
        created_at: now,
        updated_at: now,
        prompt_chars: request.prompt.length,
        ...(request.callbackUrl ? { callback_url: request.callbackUrl } : {}),
        expires_at: store.expiresAt(),
      });
      try {
        await queue.send({ task_id: taskId, prompt: request.prompt, ...(request.callbackUrl ? { callback_url: request.callbackUrl } : {}) });
      } catch (error) {
        await store.fail(taskId, 'The task could not be queued').catch(() => undefined);
        throw new ServiceUnavailableError('The task could not be queued; retry later', { cause: error });
      }
      logger.info('Task queued', { task_id: taskId, prompt_chars: request.prompt.length, callback: Boolean(request.callbackUrl) });
      return jsonResponse(202, { task_id: taskId, status: 'queued' });
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Task submit failed', refused: 'Task submit refused' });
    }
  };
}
