/**
 * Processes one task message: `queued → processing → succeeded | failed`, then the callback.
 *
 * | what happens                         | the task             | the message                          |
 * |--------------------------------------|----------------------|--------------------------------------|
 * | body is not a task message           | untouched            | fails alone → DLQ at maxReceiveCount |
 * | a task message over the submit route's limits (prompt size, callback policy) | `failed` with the reason, if it exists | fails alone → DLQ |
 * | `task_id` names no task (made up)    | none is created      | fails alone → DLQ                    |
 * | task already `succeeded`             | untouched            | deleted (nothing left to do)         |
 * | model answers                        | `succeeded` + result | deleted                              |
 * | model refuses for good (validation…) | `failed` + error     | deleted                              |
 * | throttled / timeout / 5xx            | stays `processing`   | retried; on the last receive the task is marked `failed` and the message goes to the DLQ |
 *
 * `runModel` is idempotent on `task_id` (Powertools, see `processor/handler.ts`), so a message
 * delivered again after the model answered never calls the model twice.
 */
import type { SQSRecord } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { CallbackPayload, CallbackSender } from './callbackSender.js';
import { InvalidTaskMessageError, PermanentModelError, TaskProcessingError } from './errors.js';
import { parseTaskMessage, taskIdOf, type TaskMessageLimits } from './taskMessage.js';
import type { TaskMessage, TaskModelReply, TaskStore } from './taskTypes.js';

export interface TaskRecordHandlerDependencies {
  store: TaskStore;
  runModel: (message: TaskMessage) => Promise<TaskModelReply>;
  callbacks: Pick<CallbackSender, 'send'>;
  maxReceiveCount: number;
  /** The submit route's limits, applied to every message (some arrive without passing the route). */
  limits: TaskMessageLimits;
  logger: Logger;
}

export type TaskRecordHandler = (record: SQSRecord) => Promise<void>;

export function createTaskRecordHandler({ store, runModel, callbacks, maxReceiveCount, limits, logger }: TaskRecordHandlerDependencies): TaskRecordHandler {
  const finish = async (message: TaskMessage, payload: CallbackPayload): Promise<void> => {
    if (!message.callback_url) return;
    const outcome = await callbacks.send(message.callback_url, payload);
    if (outcome.delivered) logger.info('Callback delivered', { task_id: message.task_id, attempts: outcome.attempts });
    else logger.warn('Callback not delivered', { task_id: message.task_id, attempts: outcome.attempts, reason: outcome.reason });
    await store.recordCallback(message.task_id, outcome.delivered ? 'delivered' : 'failed').catch((error: unknown) => {
      logger.warn('Could not record the callback outcome', { task_id: message.task_id, error });
    });
  };

  const refuse = async (record: SQSRecord, error: InvalidTaskMessageError): Promise<never> => {
    const taskId = taskIdOf(record.body);
    logger.warn('Task message refused', { message_id: record.messageId, task_id: taskId, reason: error.message, body_bytes: Buffer.byteLength(record.body) });
    if (taskId) await store.fail(taskId, error.message);
    throw error;
  };

  return async (record) => {
    let message: TaskMessage;
    try {
      message = parseTaskMessage(record.body, limits);
    } catch (error) {
      if (error instanceof InvalidTaskMessageError) return refuse(record, error);
      throw error;
    }
    const receiveCount = Number(record.attributes.ApproximateReceiveCount) || 1;
    const started = await store.startProcessing(message.task_id, {
      prompt_chars: message.prompt.length,
      ...(message.callback_url ? { callback_url: message.callback_url } : {}),
    });
    if (started === 'missing') {
      logger.warn('Task message names no known task; nothing created', { task_id: message.task_id, message_id: record.messageId });
      throw new InvalidTaskMessageError('Task message names no known task');
    }
    if (started === 'succeeded') {
      logger.info('Task already succeeded; message dropped', { task_id: message.task_id, message_id: record.messageId });
      return;
    }
    let reply: TaskModelReply;
    try {
      reply = await runModel(message);
    } catch (error) {
      if (error instanceof PermanentModelError) {
        logger.warn('Task failed', { task_id: message.task_id, reason: error.message });
        await store.fail(message.task_id, error.message);
        await finish(message, { task_id: message.task_id, status: 'failed', error: error.message });
        return;
      }
      const retryable = !(error instanceof TaskProcessingError) || error.retryable;
      if (retryable && receiveCount >= maxReceiveCount) {
        const reason = `${error instanceof Error ? error.message : String(error)}; gave up after ${receiveCount} attempts (message kept in the dead-letter queue)`;
        logger.error('Task failed on its last attempt', { task_id: message.task_id, receive_count: receiveCount, error });
        await store.fail(message.task_id, reason);
      } else {
        logger.warn('Task will be retried', { task_id: message.task_id, receive_count: receiveCount, error });
      }
      throw error;
    }
    await store.succeed(message.task_id, reply);
    logger.info('Task succeeded', { task_id: message.task_id, usage: reply.usage, stop_reason: reply.stopReason });
    await finish(message, { task_id: message.task_id, status: 'succeeded', result: reply.text });
  };
}
