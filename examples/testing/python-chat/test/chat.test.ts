import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { useStack } from 'serverless-genai-kit/testing/vitest';

const stack = useStack();

interface Chat {
  conversation_id: string;
  response: string;
}

interface Job {
  job_id: string;
  status: string;
  result?: string;
}

describe('python-chat', () => {
  it('sends the model the earlier turns of a conversation', async () => {
    const first = await stack.api<Chat>('/chat', { body: { message: 'My name is Ada.' } });
    const second = await stack.api<Chat>('/chat', { body: { message: 'What is my name?', conversation_id: first.body.conversation_id } });

    expect([first.status, second.status]).toEqual([200, 200]);
    await expect(stack.bedrock).toHaveBeenCalledWithPrompt('What is my name?');
    const [, call] = await stack.bedrock.invocations();
    expect(call.messages).toEqual([
      { role: 'user', content: [{ text: 'My name is Ada.' }] },
      { role: 'assistant', content: [{ text: first.body.response }] },
      { role: 'user', content: [{ text: 'What is my name?' }] },
    ]);
  });

  it("hides one user's conversation from another", async () => {
    const mine = await stack.api<Chat>('/chat', { body: { message: 'a secret' } });

    const theirs = await stack.api('/chat', { body: { message: 'show me', conversation_id: mine.body.conversation_id }, user: 'someone-else' });

    expect(theirs.status).toBe(404);
  });

  it('runs a job through the queue and its Python worker', async () => {
    const submitted = await stack.api<Job>('/jobs', { body: { prompt: 'Write a haiku about queues' } });
    expect(submitted.status).toBe(202);

    let job = submitted.body;
    for (let tries = 0; job.status !== 'done' && job.status !== 'failed' && tries < 100; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      job = (await stack.api<Job>(`/jobs/${submitted.body.job_id}`)).body;
    }

    expect(job.status).toBe('done');
    const [worker] = await stack.invocations('JobWorkerFunction');
    expect(worker).toMatchObject({ status: 'ok', payload: { batchItemFailures: [] } });
  });

  it('moves a poison message to the dead-letter queue after JobMaxReceiveCount receives', async () => {
    const QueueUrl = await stack.queues.url('JobQueue');
    await stack.clients.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'not json' }));

    const deadline = Date.now() + 20_000;
    while ((await stack.queues.depth('JobDeadLetterQueue')) === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await stack.queues.drain('JobDeadLetterQueue')).toEqual(['not json']);
  });
});
