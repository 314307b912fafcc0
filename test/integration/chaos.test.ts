/**
 * Chaos: `kill -9` of the whole stack (`genai-kit start` in a child process, random ports, a data
 * directory) while chats, tasks and document pipelines run, then a restart on the same data: every
 * acknowledged write, message and execution is there, and every task and document finishes.
 * Bounded: the kill comes once seven requests are acknowledged (or after 20 s), and every wait after
 * the restart has a deadline (2 minutes).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Endpoints } from '../../local/stack/endpointsFile.js';
import { startChild, type StartedChild } from './harness/childProcess.js';

const PORT_FLAGS = ['--api-port', '--function-url-port', '--bedrock-port', '--dynamodb-port', '--sqs-port', '--stepfunctions-port'].flatMap((flag) => [flag, '0']);
/** Short visibility and function timeouts so work cut off by the kill is retried within the test. */
const OVERRIDES = 'TaskProcessorTimeout=5 TaskQueueVisibilityTimeout=6 TaskMaxReceiveCount=50 ApiThrottleRateLimit=1000 ApiThrottleBurstLimit=2000';

const dataDir = mkdtempSync(join(tmpdir(), 'chaos-'));
const stacks: StartedChild<true>[] = [];

afterAll(async () => {
  for (const stack of stacks) await stack.kill9();
  rmSync(dataDir, { recursive: true, force: true });
});

async function startStackProcess(): Promise<{ process: StartedChild<true>; endpoints: Endpoints }> {
  const started = await startChild<true>(
    'local/cli.ts',
    ['start', '--data-dir', dataDir, '--no-watch', '--parameter-overrides', OVERRIDES, ...PORT_FLAGS],
    180_000,
    (line) => (line.includes('is serving') ? true : undefined),
  );
  stacks.push(started);
  const endpoints = JSON.parse(readFileSync(join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
  return { process: started, endpoints };
}

interface Answer<T> {
  status: number;
  body: T;
}

async function call<T>(endpoints: Endpoints, route: string, body?: unknown): Promise<Answer<T>> {
  const response = await fetch(`${endpoints.api}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': endpoints.apiKey!, authorization: `Bearer ${endpoints.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** Polls until `done` holds or the deadline passes; returns the last value. */
async function pollUntil<T>(read: () => Promise<T>, done: (value: T) => boolean, deadline: number): Promise<T> {
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    value = await read();
  }
  return value;
}

describe('chaos: kill -9 of the stack mid-work', () => {
  it('keeps every acknowledged chat turn, task and document, and finishes them after a restart', async () => {
    // Prepare
    const first = await startStackProcess();
    const tag = randomUUID().slice(0, 8);
    const chats: { conversationId: string; message: string }[] = [];
    const tasks: string[] = [];
    const documents: string[] = [];
    const work: Promise<unknown>[] = [];
    const ignoreCutOff = (): undefined => undefined; // a request the kill cut off was never acknowledged
    // Warm the functions up (first invocations build and start them): these are acknowledged work too.
    const warm = await Promise.all([
      call<{ conversation_id: string }>(first.endpoints, '/chat', { message: `warm ${tag}` }),
      call<{ task_id: string }>(first.endpoints, '/tasks', { prompt: `warm ${tag}` }),
      call<{ document_id: string }>(first.endpoints, '/documents', { text: `# Warm ${tag}\n\nText.`, content_type: 'text/markdown' }),
    ]);
    expect(warm.map((answer) => answer.status)).toEqual([200, 202, 202]);
    chats.push({ conversationId: warm[0].body.conversation_id, message: `warm ${tag}` });
    tasks.push(warm[1].body.task_id);
    documents.push(warm[2].body.document_id);
    for (let i = 0; i < 4; i++) {
      const message = `chat ${i} ${tag}`;
      work.push(
        call<{ conversation_id: string }>(first.endpoints, '/chat', { message }).then(({ status, body }) => {
          if (status === 200) chats.push({ conversationId: body.conversation_id, message });
        }, ignoreCutOff),
      );
    }
    for (let i = 0; i < 12; i++) {
      work.push(
        call<{ task_id: string }>(first.endpoints, '/tasks', { prompt: `task ${i} ${tag}` }).then(({ status, body }) => {
          if (status === 202) tasks.push(body.task_id);
        }, ignoreCutOff),
      );
    }
    for (let i = 0; i < 3; i++) {
      work.push(
        call<{ document_id: string }>(first.endpoints, '/documents', { text: `# Report ${i} ${tag}\n\nSales grew; costs fell.`, content_type: 'text/markdown' }).then(
          ({ status, body }) => {
            if (status === 202) documents.push(body.document_id);
          },
          ignoreCutOff,
        ),
      );
    }

    // Act: SIGKILL once some of the load is acknowledged (the rest is still in flight, and tasks and
    // pipelines are still being processed), then restart on the same data.
    const acknowledged = (): number => chats.length + tasks.length + documents.length;
    const killAt = Date.now() + 20_000;
    while (acknowledged() < 7 && Date.now() < killAt) await new Promise((resolve) => setTimeout(resolve, 50));
    await first.process.kill9();
    await Promise.allSettled(work);
    const second = await startStackProcess();
    const deadline = Date.now() + 120_000;

    // Assess
    expect(tasks.length + documents.length + chats.length).toBeGreaterThan(3);
    const taskStates = await Promise.all(
      tasks.map(async (id) => {
        const answer = await pollUntil(
          () => call<{ status: string }>(second.endpoints, `/tasks/${id}`),
          ({ status, body }) => status !== 200 || body.status === 'succeeded' || body.status === 'failed',
          deadline,
        );
        return `${answer.status} ${answer.body.status}`;
      }),
    );
    expect(taskStates).toEqual(tasks.map(() => '200 succeeded'));
    const documentStates = await Promise.all(
      documents.map(async (id) => {
        const answer = await pollUntil(
          () => call<{ status: string }>(second.endpoints, `/documents/${id}`),
          ({ status, body }) => status !== 200 || body.status !== 'RUNNING',
          deadline,
        );
        return `${answer.status} ${answer.body.status}`;
      }),
    );
    expect(documentStates).toEqual(documents.map(() => '200 SUCCEEDED'));
    // Each acknowledged chat turn is in its conversation's history: the next turn sends it to the model.
    for (const { conversationId, message } of chats) {
      const followUp = `follow-up ${conversationId}`;
      expect((await call(second.endpoints, '/chat', { message: followUp, conversation_id: conversationId })).status).toBe(200);
      const invocations = (await (await fetch(`${second.endpoints.bedrock}/_fake/invocations`)).json()) as {
        invocations: { input: { messages?: { role: string; content: { text?: string }[] }[] } }[];
      };
      const sent = invocations.invocations.find((call) => call.input.messages?.at(-1)?.content[0]?.text === followUp);
      expect(sent?.input.messages?.map((m) => m.content[0]?.text)).toContain(message);
    }
  }, 420_000);
});
