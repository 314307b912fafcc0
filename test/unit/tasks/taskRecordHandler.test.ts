import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { InvalidTaskMessageError, PermanentModelError, RetryableModelError } from '../../../src/tasks/errors.js';
import { CallbackUrlPolicy } from '../../../src/tasks/callbackUrlPolicy.js';
import { createTaskRecordHandler } from '../../../src/tasks/taskRecordHandler.js';
import type { Task, TaskMessage, TaskModelReply, TaskStore } from '../../../src/tasks/taskTypes.js';
import { sqsRecordFactory } from '../events/sqsRecordFactory.js';

class InMemoryTaskStore implements TaskStore {
  readonly tasks = new Map<string, Partial<Task>>();
  async create(task: Task) {
    this.tasks.set(task.task_id, task);
  }
  async get(taskId: string) {
    return this.tasks.get(taskId) as Task | undefined;
  }
  async startProcessing(taskId: string) {
    const task = this.tasks.get(taskId);
    if (!task) return 'missing' as const;
    if (task.status === 'succeeded') return 'succeeded' as const;
    this.tasks.set(taskId, { ...task, task_id: taskId, status: 'processing' });
    return 'started' as const;
  }
  async succeed(taskId: string, reply: TaskModelReply) {
    this.tasks.set(taskId, { ...this.tasks.get(taskId), status: 'succeeded', result: reply.text });
  }
  async fail(taskId: string, error: string) {
    if (!this.tasks.has(taskId) || this.tasks.get(taskId)?.status === 'succeeded') return;
    this.tasks.set(taskId, { ...this.tasks.get(taskId), status: 'failed', error });
  }
  async recordCallback(taskId: string, status: 'delivered' | 'failed') {
    this.tasks.set(taskId, { ...this.tasks.get(taskId), callback_status: status });
  }
}

function setup(runModel: (message: TaskMessage) => Promise<TaskModelReply>) {
  const store = new InMemoryTaskStore();
  store.tasks.set('t1', { task_id: 't1', status: 'queued' });
  const callbacks: { url: string; status: string }[] = [];
  const handler = createTaskRecordHandler({
    store,
    runModel,
    callbacks: {
      send: async (url, payload) => {
        callbacks.push({ url, status: payload.status });
        return { delivered: true, attempts: 1 };
      },
    },
    maxReceiveCount: 3,
    limits: { maxPromptBytes: 100, callbackPolicy: new CallbackUrlPolicy([]) },
    logger: new Logger({ logLevel: 'SILENT' }),
  });
  return { store, callbacks, handler };
}

function record(body: unknown, receiveCount = 1): SQSRecord {
  const base = sqsRecordFactory('m1');
  return { ...base, body: typeof body === 'string' ? body : JSON.stringify(body), attributes: { ...base.attributes, ApproximateReceiveCount: String(receiveCount) } };
}

const reply = (text: string): TaskModelReply => ({ text, modelId: 'model' });

describe('task record handler', () => {
  it('runs the model, stores the result and calls back', async () => {
    const { store, callbacks, handler } = setup(async (message) => reply(`answer to ${message.prompt}`));

    await handler(record({ task_id: 't1', prompt: 'hi', callback_url: 'https://e.com/h' }));

    expect(store.tasks.get('t1')).toMatchObject({ status: 'succeeded', result: 'answer to hi', callback_status: 'delivered' });
    expect(callbacks).toEqual([{ url: 'https://e.com/h', status: 'succeeded' }]);
  });

  it('fails a body that is not a task message, touching nothing', async () => {
    const { store, handler } = setup(async () => reply('x'));

    await expect(handler(record('{"task_id":'))).rejects.toBeInstanceOf(InvalidTaskMessageError);
    expect(store.tasks.size).toBe(1);
  });

  it('refuses a message naming no task, creating none and never calling the model', async () => {
    let calls = 0;
    const { store, handler } = setup(async () => {
      calls++;
      return reply('x');
    });

    await expect(handler(record({ task_id: 'made-up', prompt: 'hi' }))).rejects.toMatchObject({ name: 'InvalidTaskMessageError', message: 'Task message names no known task' });

    expect(store.tasks.has('made-up')).toBe(false);
    expect(calls).toBe(0);
  });

  it('holds a message sent straight to the queue to the submit route limits: the task fails with the reason', async () => {
    let calls = 0;
    const { store, handler } = setup(async () => {
      calls++;
      return reply('x');
    });

    await expect(handler(record({ task_id: 't1', prompt: 'x'.repeat(101) }))).rejects.toBeInstanceOf(InvalidTaskMessageError);
    await expect(handler(record({ task_id: 'nope', prompt: 'x'.repeat(101) }))).rejects.toBeInstanceOf(InvalidTaskMessageError);

    expect(store.tasks.get('t1')).toMatchObject({ status: 'failed', error: 'Task message "prompt" is larger than 100 bytes' });
    expect(store.tasks.has('nope')).toBe(false);
    expect(calls).toBe(0);
  });

  it('skips a task that already succeeded', async () => {
    let calls = 0;
    const { store, handler } = setup(async () => {
      calls++;
      return reply('again');
    });
    store.tasks.set('t1', { task_id: 't1', status: 'succeeded', result: 'first' });

    await handler(record({ task_id: 't1', prompt: 'hi' }));

    expect(calls).toBe(0);
    expect(store.tasks.get('t1')).toMatchObject({ result: 'first' });
  });

  it('marks the task failed on a permanent model error and does not ask for a retry', async () => {
    const { store, callbacks, handler } = setup(async () => {
      throw new PermanentModelError('The model refused the task (ValidationException)');
    });

    await handler(record({ task_id: 't1', prompt: 'hi', callback_url: 'https://e.com/h' }));

    expect(store.tasks.get('t1')).toMatchObject({ status: 'failed', error: 'The model refused the task (ValidationException)' });
    expect(callbacks).toEqual([{ url: 'https://e.com/h', status: 'failed' }]);
  });

  it('rethrows a throttle so the message is retried, leaving the task processing', async () => {
    const { store, handler } = setup(async () => {
      throw new RetryableModelError('throttled');
    });

    await expect(handler(record({ task_id: 't1', prompt: 'hi' }, 1))).rejects.toBeInstanceOf(RetryableModelError);
    expect(store.tasks.get('t1')).toMatchObject({ status: 'processing' });
  });

  it('marks the task failed on the last receive, and still rethrows so the message reaches the DLQ', async () => {
    const { store, handler } = setup(async () => {
      throw new RetryableModelError('throttled');
    });

    await expect(handler(record({ task_id: 't1', prompt: 'hi' }, 3))).rejects.toBeInstanceOf(RetryableModelError);
    expect(store.tasks.get('t1')).toMatchObject({ status: 'failed', error: expect.stringContaining('dead-letter queue') });
  });
});
