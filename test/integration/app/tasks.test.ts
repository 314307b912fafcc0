/**
 * `POST /tasks` and `GET /tasks/{id}` end to end on the shared stack (whichever GENAI_KIT_STACK runs).
 * Queue-level behaviour (poison messages, redelivery, callbacks) is in ../tasks.test.ts.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bedrockInvocations, callApi, otherUserToken } from '../harness/api.js';

interface TaskAnswer {
  task_id?: string;
  status?: string;
  result?: string;
  error?: string;
  message?: string;
}

async function untilFinished(taskId: string): Promise<TaskAnswer> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const answer = await callApi<TaskAnswer>(`/tasks/${taskId}`);
    expect(answer.status).toBe(200);
    if (answer.body.status === 'succeeded' || answer.body.status === 'failed') return answer.body;
    if (Date.now() > deadline) throw new Error(`task ${taskId} still ${answer.body.status}`);
    // Slow polling: every test file shares the API's usage plan (10 requests/s).
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe('async tasks', () => {
  it('queues a task (202), then GET /tasks/{id} shows it succeeded with the model result', async () => {
    const prompt = `write a haiku ${randomUUID()}`;
    const submitted = await callApi<TaskAnswer>('/tasks', { body: { prompt } });
    expect(submitted.status).toBe(202);
    expect(submitted.body).toEqual({ task_id: expect.any(String), status: 'queued' });

    const task = await untilFinished(submitted.body.task_id!);

    expect(task.status).toBe('succeeded');
    expect(task.result).toContain(prompt);
    const calls = (await bedrockInvocations()).filter((call) => call.input.messages?.at(-1)?.content[0]?.text === prompt);
    expect(calls).toHaveLength(1);
  });

  it("answers 404 for an unknown task and for another user's task", async () => {
    const submitted = await callApi<TaskAnswer>('/tasks', { body: { prompt: `mine ${randomUUID()}` } });
    const otherUser = await otherUserToken();

    expect((await callApi(`/tasks/${randomUUID()}`)).status).toBe(404);
    if (otherUser) {
      const peek = await callApi<TaskAnswer>(`/tasks/${submitted.body.task_id}`, { headers: { authorization: `Bearer ${otherUser}` } });
      expect(peek.status).toBe(404);
      expect(peek.body.result).toBeUndefined();
    }
  });

  it('answers 400 for a missing prompt, an oversized one, or a callback to an internal address', async () => {
    for (const body of [{}, { prompt: 'x'.repeat(100_001) }, { prompt: 'hi', callback_url: 'http://169.254.169.254/latest/meta-data/' }]) {
      const answer = await callApi<TaskAnswer>('/tasks', { body });
      expect(answer.status).toBe(400);
      expect(answer.body.message).toEqual(expect.any(String));
    }
  });

  it('requires the same token as /chat (its API key is the token\'s own, not the x-api-key header)', async () => {
    expect((await callApi('/tasks', { body: { prompt: 'hi' }, headers: { 'x-api-key': undefined } })).status).toBe(202);
    expect((await callApi('/tasks', { body: { prompt: 'hi' }, headers: { authorization: undefined } })).status).toBe(401);
  });
});
