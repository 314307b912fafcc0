/**
 * `GET /tasks/{id}`: `200 {"task_id", "status", "created_at", "updated_at", "result"?, "error"?}`.
 * An unknown id and another user's task both answer the same 404, so ids cannot be probed.
 */
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { NotFoundError } from '../lib/errors.js';
import { failureResponse, jsonResponse } from '../lib/http.js';
import { callerUserId } from '../auth/callerUserId.js';
import { TASK_ID_PATTERN } from './taskMessage.js';
import type { Task, TaskStore } from './taskTypes.js';

export interface StatusHandlerDependencies {
  store: Pick<TaskStore, 'get'>;
  logger: Logger;
}

export type StatusHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;


/** The fields of a task its owner sees. */
export function taskView(task: Task): Record<string, unknown> {
  return {
    task_id: task.task_id,
    status: task.status,
    created_at: task.created_at,
    updated_at: task.updated_at,
    ...(task.result !== undefined ? { result: task.result } : {}),
    ...(task.error !== undefined ? { error: task.error } : {}),
    ...(task.model_id !== undefined ? { model_id: task.model_id } : {}),
    ...(task.usage !== undefined ? { usage: task.usage } : {}),
    ...(task.callback_status !== undefined ? { callback_status: task.callback_status } : {}),
  };
}

export function createStatusHandler({ store, logger }: StatusHandlerDependencies): StatusHandler {
  return async (event, context) => {
    logger.addContext(context);
    try {
      const userId = callerUserId(event);
      const taskId = event.pathParameters?.id ?? '';
      if (!TASK_ID_PATTERN.test(taskId)) throw new NotFoundError('Task not found');
      const task = await store.get(taskId);
      if (!task || task.user_id !== userId) throw new NotFoundError('Task not found');
      return jsonResponse(200, taskView(task));
    } catch (error) {
      return failureResponse(logger, error, { failed: 'Task status failed' });
    }
  };
}
