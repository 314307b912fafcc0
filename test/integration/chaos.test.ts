/**
 * Chaos: `kill -9` of the whole stack (`genai-kit start` in a child process, random ports, a data
 * directory) while chats, streamed chats, tasks, document pipelines and uploads run, then a restart on
 * the same data: every acknowledged write, message and execution is there, and every task and document
 * finishes. Acknowledged means: a 200/202 answer; for a streamed chat, its `[DONE]` received; for an
 * upload, the presigned PUT answered 200 (the S3 notification is journaled before that answer, so its
 * pipeline must start after the restart even if the kill came first).
 * Bounded: the warm-up (first invocations, retried past a 504) has a 3-minute deadline, the kill
 * comes as soon as an upload is acknowledged (or after 20 s), and every wait after
 * the restart has a deadline (2 minutes).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Endpoints } from '../../local/stack/endpointsFile.js';
import { startChild, type StartedChild } from './harness/childProcess.js';
import { s3Client } from './s3/s3Client.js';

const PORT_FLAGS = [
  '--api-port',
  '--function-url-port',
  '--bedrock-port',
  '--dynamodb-port',
  '--sqs-port',
  '--stepfunctions-port',
  '--s3-port',
  '--clock-port',
  '--console-port',
].flatMap((flag) => [flag, '0']);
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

function post(endpoints: Endpoints, route: string, body?: unknown): Promise<Response> {
  return fetch(`${endpoints.api}${route}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': endpoints.apiKey!, authorization: `Bearer ${endpoints.token}` },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function call<T>(endpoints: Endpoints, route: string, body?: unknown): Promise<Answer<T>> {
  const response = await post(endpoints, route, body);
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : {}) as T };
}

/** `POST /chat/stream`: the conversation id of a stream whose end (`data: [DONE]`) arrived, else undefined. */
async function streamChat(endpoints: Endpoints, message: string): Promise<string | undefined> {
  const response = await post(endpoints, '/chat/stream', { message });
  const events = (await response.text()).split('\n\n').filter((block) => block.startsWith('data: '));
  if (response.status !== 200 || events.at(-1) !== 'data: [DONE]') return undefined;
  return (JSON.parse(events.at(-2)!.slice(6)) as { conversation_id: string }).conversation_id;
}

interface Upload {
  documentId: string;
  bucket: string;
  key: string;
}

/** `POST /documents/uploads`, then the presigned PUT: the upload once the PUT answered 200, else undefined. */
async function upload(endpoints: Endpoints, text: string): Promise<Upload | undefined> {
  const { status, body } = await call<{ document_id: string; upload_url: string; method: string; headers: Record<string, string> }>(endpoints, '/documents/uploads', {
    content_type: 'text/markdown',
  });
  if (status !== 201) return undefined;
  const put = await fetch(body.upload_url, { method: body.method, headers: body.headers, body: text });
  if (put.status !== 200) return undefined;
  const [bucket, ...key] = new URL(body.upload_url).pathname.slice(1).split('/');
  return { documentId: body.document_id, bucket: bucket!, key: key.map(decodeURIComponent).join('/') };
}

/** Sends a request again until it is acknowledged (answers a value) or the deadline passes. */
async function untilAcknowledged<T>(request: () => Promise<T | undefined>, deadline: number): Promise<T | undefined> {
  let value = await request();
  while (value === undefined && Date.now() < deadline) value = await request();
  return value;
}

/** A 4xx is an answer; a 5xx (a cold start past the API's 29 s limit) is asked again. */
const refused = (status: number): boolean => status >= 400 && status < 500;

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
  it('keeps every acknowledged chat turn (streamed or not), task, document and upload, and finishes them after a restart', async () => {
    // Prepare
    const first = await startStackProcess();
    const tag = randomUUID().slice(0, 8);
    const chats: { conversationId: string; message: string }[] = [];
    const tasks: string[] = [];
    const documents: string[] = [];
    const work: Promise<unknown>[] = [];
    const ignoreCutOff = (): undefined => undefined; // a request the kill cut off was never acknowledged
    const uploads: Upload[] = [];
    // Warm the functions up (first invocations build and start them): these are acknowledged work too.
    // A cold start on a busy machine can pass the API's 29 s limit (504): such a request was not
    // acknowledged, and is sent again until one is (within a deadline).
    const warmDeadline = Date.now() + 180_000;
    const [warmChat, warmTask, warmDocument, warmStream, warmUpload] = await Promise.all([
      untilAcknowledged(() => call<{ conversation_id: string }>(first.endpoints, '/chat', { message: `warm ${tag}` }).then(({ status, body }) => (status === 200 ? body.conversation_id : undefined)), warmDeadline),
      untilAcknowledged(() => call<{ task_id: string }>(first.endpoints, '/tasks', { prompt: `warm ${tag}` }).then(({ status, body }) => (status === 202 ? body.task_id : undefined)), warmDeadline),
      untilAcknowledged(
        () =>
          call<{ document_id: string }>(first.endpoints, '/documents', { text: `# Warm ${tag}\n\nText.`, content_type: 'text/markdown' }).then(({ status, body }) =>
            status === 202 ? body.document_id : undefined,
          ),
        warmDeadline,
      ),
      untilAcknowledged(() => streamChat(first.endpoints, `warm stream ${tag}`), warmDeadline),
      untilAcknowledged(() => upload(first.endpoints, `# Warm upload ${tag}\n\nText.`), warmDeadline),
    ]);
    expect([warmChat, warmTask, warmDocument, warmStream, warmUpload?.documentId]).toEqual(Array(5).fill(expect.any(String)));
    chats.push({ conversationId: warmChat!, message: `warm ${tag}` }, { conversationId: warmStream!, message: `warm stream ${tag}` });
    tasks.push(warmTask!);
    documents.push(warmDocument!);
    uploads.push(warmUpload!);
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

    for (let i = 0; i < 3; i++) {
      const message = `stream ${i} ${tag}`;
      work.push(
        streamChat(first.endpoints, message).then((conversationId) => {
          if (conversationId) chats.push({ conversationId, message });
        }, ignoreCutOff),
      );
    }
    // The kill comes the moment an upload's PUT is answered, before its S3 notification is likely
    // delivered: the journal must bring it back at the next start.
    let killNow = (): void => undefined;
    const uploadAcknowledged = new Promise<void>((resolve) => (killNow = resolve));
    for (let i = 0; i < 3; i++) {
      work.push(
        upload(first.endpoints, `# Upload ${i} ${tag}\n\nSales grew; costs fell.`).then((done) => {
          if (!done) return;
          uploads.push(done);
          killNow();
        }, ignoreCutOff),
      );
    }

    // Act: SIGKILL while the rest of the load is in flight (requests unanswered, tasks and pipelines
    // still being processed), then restart on the same data.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([uploadAcknowledged, new Promise((resolve) => (timer = setTimeout(resolve, 20_000)))]);
    clearTimeout(timer);
    await first.process.kill9();
    await Promise.allSettled(work);
    const second = await startStackProcess();
    const deadline = Date.now() + 120_000;

    // Assess
    expect(uploads.length).toBeGreaterThan(1);
    const taskStates = await Promise.all(
      tasks.map(async (id) => {
        const answer = await pollUntil(
          () => call<{ status: string }>(second.endpoints, `/tasks/${id}`),
          ({ status, body }) => refused(status) || (status === 200 && (body.status === 'succeeded' || body.status === 'failed')),
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
          ({ status, body }) => refused(status) || (status === 200 && body.status !== 'RUNNING'),
          deadline,
        );
        return `${answer.status} ${answer.body.status}`;
      }),
    );
    expect(documentStates).toEqual(documents.map(() => '200 SUCCEEDED'));
    // Each acknowledged upload's object is stored, and the pipeline its S3 event starts succeeds
    // (404 until that event, redelivered from the journal at this start if the kill came first).
    const s3 = s3Client(second.endpoints.s3!);
    const objects = await Promise.all(uploads.map(({ bucket, key }) => s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key })).then(() => 'stored', () => 'lost')));
    expect(objects).toEqual(uploads.map(() => 'stored'));
    const uploadStates = await Promise.all(
      uploads.map(async ({ documentId }) => {
        const answer = await pollUntil(
          () => call<{ status: string }>(second.endpoints, `/documents/${documentId}`),
          ({ status, body }) => (refused(status) && status !== 404) || (status === 200 && body.status !== 'RUNNING'),
          deadline,
        );
        return `${answer.status} ${answer.body.status}`;
      }),
    );
    expect(uploadStates).toEqual(uploads.map(() => '200 SUCCEEDED'));
    // Each acknowledged chat turn is in its conversation's history: the next turn sends it to the model.
    for (const { conversationId, message } of chats) {
      const followUp = `follow-up ${conversationId}`;
      const answered = await untilAcknowledged(
        () => call(second.endpoints, '/chat', { message: followUp, conversation_id: conversationId }).then(({ status }) => (status === 200 ? status : undefined)),
        deadline,
      );
      expect(answered).toBe(200);
      const invocations = (await (await fetch(`${second.endpoints.bedrock}/_fake/invocations`)).json()) as {
        invocations: { input: { messages?: { role: string; content: { text?: string }[] }[] } }[];
      };
      const sent = invocations.invocations.find((call) => call.input.messages?.at(-1)?.content[0]?.text === followUp);
      expect(sent?.input.messages?.map((m) => m.content[0]?.text)).toContain(message);
    }
  }, 600_000);
});
