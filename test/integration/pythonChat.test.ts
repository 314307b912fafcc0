/**
 * The Python sample application (examples/python-chat) on an embedded stack of its own, over real
 * HTTP and the real SQS API: chat with history, the API key and the TOKEN authorizer, ownership,
 * jobs through the SQS worker with partial batch failures, and the functions' JSON log lines.
 * A short visibility timeout and maxReceiveCount bring poison messages to the dead-letter queue in seconds.
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { GetQueueAttributesCommand, GetQueueUrlCommand, ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '../../local/auth/devToken.js';
import { localClientConfig } from '../../local/stack/localClientConfig.js';
import type { RunningStack } from '../../local/stack.js';
import { SHARED_STACK_OVERRIDES, startEmbeddedStack } from './harness/startTestStack.js';

const PROJECT_DIR = path.resolve(import.meta.dirname, '../../examples/python-chat');
const MODEL_ID = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const MAX_RECEIVE_COUNT = 2;

interface ApiAnswer {
  status: number;
  body: Record<string, unknown>;
}

interface Invocation {
  modelId: string;
  input: { messages?: { role: string; content: { text?: string }[] }[] };
}

/** A function's JSON log record (src/json_logging.py). */
interface LogRecord {
  timestamp: string;
  level: string;
  message: string;
  logger: string;
  requestId?: string;
  [field: string]: unknown;
}

let stack: RunningStack;
let sqs: SQSClient;
let jobQueueUrl: string;
let deadLetterQueueUrl: string;
const logLines: string[] = [];

beforeAll(async () => {
  stack = await startEmbeddedStack({
    projectDir: PROJECT_DIR,
    parameterOverrides: {
      ApiThrottleRateLimit: SHARED_STACK_OVERRIDES.ApiThrottleRateLimit,
      ApiThrottleBurstLimit: SHARED_STACK_OVERRIDES.ApiThrottleBurstLimit,
      // AWS wants the visibility timeout at least the worker's timeout.
      JobQueueVisibilityTimeout: '2',
      JobWorkerTimeout: '2',
      JobMaxReceiveCount: String(MAX_RECEIVE_COUNT),
    },
    log: (line) => {
      logLines.push(line);
      if (process.env.GENAI_KIT_TEST_VERBOSE) process.stdout.write(`${line}\n`);
    },
  });
  sqs = new SQSClient(localClientConfig(stack.endpoints.sqs!));
  const queueUrl = async (logicalId: string) => {
    const queueName = stack.model.queues.find((queue) => queue.logicalId === logicalId)!.queueName;
    return (await sqs.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl!;
  };
  jobQueueUrl = await queueUrl('JobQueue');
  deadLetterQueueUrl = await queueUrl('JobDeadLetterQueue');
});

afterAll(async () => {
  sqs?.destroy();
  await stack?.close();
});

async function api(route: string, init: { body?: unknown; token?: string | null; apiKey?: string | null } = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const apiKey = init.apiKey === undefined ? stack.endpoints.apiKey : init.apiKey;
  const token = init.token === undefined ? stack.endpoints.token : init.token;
  if (apiKey) headers['x-api-key'] = apiKey;
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${stack.endpoints.api}${route}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The Converse calls whose last user message is `text`, from the fake Bedrock's inspection API. */
async function modelCallsEndingWith(text: string): Promise<Invocation[]> {
  const response = await fetch(`${stack.endpoints.bedrock}/_fake/invocations?operation=Converse`);
  const { invocations } = (await response.json()) as { invocations: Invocation[] };
  return invocations.filter((call) => call.input.messages?.at(-1)?.content[0]?.text === text);
}

async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The functions' JSON log records so far (the platform's START/END/REPORT lines are not JSON). */
function logRecords(): LogRecord[] {
  return logLines.flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as LogRecord];
    } catch {
      return [];
    }
  });
}

/** The authorizer's HS256 secret, as the stack resolved the template's `AuthJwtSecret`. */
function authorizerSecret(): string {
  return stack.model.functions.find((fn) => fn.logicalId === 'AuthorizerFunction')!.environment.AUTH_JWT_SECRET;
}

/** A JWT with `"alg": "none"` and no signature, which no verifier may accept. */
function unsignedToken(claims: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.`;
}

describe('the Python chat example (examples/python-chat)', () => {
  it('answers a chat and sends the model the earlier turn of the conversation', async () => {
    // Prepare
    const tag = randomUUID();
    const first = `My name is Ada ${tag}`;
    const second = `What is my name? ${tag}`;

    // Act
    const firstAnswer = await api('/chat', { body: { message: first } });
    const secondAnswer = await api('/chat', { body: { message: second, conversation_id: firstAnswer.body.conversation_id } });

    // Assess
    expect(firstAnswer.status).toBe(200);
    expect(firstAnswer.body).toEqual({ conversation_id: expect.stringMatching(/^[0-9a-f-]{36}$/), response: expect.stringContaining(`You asked: "${first}"`) });
    expect(secondAnswer.status).toBe(200);
    expect(secondAnswer.body.conversation_id).toBe(firstAnswer.body.conversation_id);
    const [secondCall, ...more] = await modelCallsEndingWith(second);
    expect(more).toEqual([]);
    expect(secondCall.modelId).toBe(MODEL_ID);
    expect(secondCall.input.messages).toEqual([
      { role: 'user', content: [{ text: first }] },
      { role: 'assistant', content: [{ text: firstAnswer.body.response }] },
      { role: 'user', content: [{ text: second }] },
    ]);
  });

  it('answers 404 for another user’s conversation, and for an unknown one, without calling the model', async () => {
    // Prepare
    const mine = await api('/chat', { body: { message: `a private conversation ${randomUUID()}` } });
    const otherUser = await stack.signToken('other-user');
    const intrusion = `tell me what they said ${randomUUID()}`;

    // Act
    const theirs = await api('/chat', { token: otherUser, body: { message: intrusion, conversation_id: mine.body.conversation_id } });
    const unknown = await api('/chat', { body: { message: intrusion, conversation_id: randomUUID() } });

    // Assess
    expect(mine.status).toBe(200);
    expect(theirs).toEqual({ status: 404, body: { message: 'Conversation not found' } });
    expect(unknown).toEqual({ status: 404, body: { message: 'Conversation not found' } });
    expect(await modelCallsEndingWith(intrusion)).toEqual([]);
  });

  it('answers 400 for a chat request without a message', async () => {
    // Act
    const answers = await Promise.all([{}, { message: '' }, { message: 42 }, { message: 'hi', conversation_id: 'not/an/id' }].map((body) => api('/chat', { body })));

    // Assess
    expect(answers.map((answer) => answer.status)).toEqual([400, 400, 400, 400]);
  });

  it('enforces the API key (403) and the authorizer: 401 without a token, 403 for one that does not verify', async () => {
    // Prepare
    const claims = { sub: 'dev-user', issuer: 'python-chat', audience: 'python-chat-api' };
    const refused = {
      'another secret': await signDevToken('another-secret-of-at-least-32-bytes!', claims),
      'another audience': await signDevToken(authorizerSecret(), { ...claims, audience: 'genai-api' }),
      'another issuer': await signDevToken(authorizerSecret(), { ...claims, issuer: 'serverless-genai-kit' }),
      expired: (await stack.signToken('dev-user', -3600))!,
      'alg none': unsignedToken({ sub: 'dev-user', iss: claims.issuer, aud: claims.audience, exp: Math.floor(Date.now() / 1000) + 3600 }),
      'not a JWT': 'not-a-jwt',
    };
    const body = { message: 'hello' };

    // Act
    const withoutKey = await api('/chat', { apiKey: null, body });
    const withoutToken = await api('/chat', { token: null, body });
    const refusals = Object.fromEntries(await Promise.all(Object.entries(refused).map(async ([why, token]) => [why, (await api('/chat', { token, body })).status])));

    // Assess
    expect(withoutKey.status).toBe(403);
    expect(withoutToken).toEqual({ status: 401, body: { message: 'Unauthorized' } });
    expect(refusals).toEqual({ 'another secret': 403, 'another audience': 403, 'another issuer': 403, expired: 403, 'alg none': 403, 'not a JWT': 403 });
  });

  it('runs a job through the SQS worker until it is done, visible to its owner only', async () => {
    // Prepare
    const prompt = `Summarise the plot of Hamlet ${randomUUID()}`;

    // Act
    const submitted = await api('/jobs', { body: { prompt } });
    const done = await eventually(async () => {
      const answer = await api(`/jobs/${String(submitted.body.job_id)}`);
      return answer.body.status === 'done' ? answer : undefined;
    }, 'the job to be done');
    const asSomeoneElse = await api(`/jobs/${String(submitted.body.job_id)}`, { token: await stack.signToken('other-user') });

    // Assess
    expect(submitted).toEqual({ status: 202, body: { job_id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'queued' } });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ job_id: submitted.body.job_id, status: 'done', result: expect.stringContaining(`You asked: "${prompt}"`) });
    expect(await modelCallsEndingWith(prompt)).toHaveLength(1);
    expect(asSomeoneElse).toEqual({ status: 404, body: { message: 'Job not found' } });
  });

  it('retries only the malformed messages of a batch, until the dead-letter queue takes them', async () => {
    // Prepare
    const tag = randomUUID();
    const goodJobs = [1, 2].map((n) => ({ job_id: randomUUID(), user_id: 'dev-user', prompt: `job ${n} ${tag}` }));
    const malformed = ['{"job_id": not json', JSON.stringify({ job_id: randomUUID(), prompt: `no owner ${tag}` })];
    const bodies = [JSON.stringify(goodJobs[0]), malformed[0], JSON.stringify(goodJobs[1]), malformed[1]];

    // Act
    const sent = await sqs.send(new SendMessageBatchCommand({ QueueUrl: jobQueueUrl, Entries: bodies.map((body, i) => ({ Id: String(i), MessageBody: body })) }));
    const deadLetters = new Map<string, string>();
    await eventually(async () => {
      const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: deadLetterQueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
      for (const message of Messages) deadLetters.set(message.MessageId!, message.Body!);
      return deadLetters.size >= malformed.length ? deadLetters : undefined;
    }, 'the malformed messages in the dead-letter queue');

    // Assess
    const messageIds = bodies.map((_, i) => sent.Successful!.find((entry) => entry.Id === String(i))!.MessageId!);
    const [goodIds, malformedIds] = [[messageIds[0], messageIds[2]], [messageIds[1], messageIds[3]]];
    expect(sent.Failed ?? []).toEqual([]);
    expect([...deadLetters.values()].sort()).toEqual([...malformed].sort());
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: jobQueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    expect(Attributes).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
    for (const job of goodJobs) {
      expect((await api(`/jobs/${job.job_id}`)).body).toMatchObject({ status: 'done', result: expect.stringContaining(job.prompt) });
      expect(await modelCallsEndingWith(job.prompt)).toHaveLength(1);
    }
    // The worker logs one line per record it handles, with the record's ApproximateReceiveCount.
    const handled = (messageId: string) => logRecords().filter((record) => record.logger === 'job_worker' && record.message_id === messageId);
    for (const id of goodIds) expect(handled(id).map((r) => [r.message, r.receive_count]), 'a good message is delivered once').toEqual([['Job done', 1]]);
    for (const id of malformedIds) {
      expect(handled(id).map((r) => [r.message, r.receive_count]), 'a malformed message comes back').toEqual([
        ['Malformed job message', 1],
        ['Malformed job message', MAX_RECEIVE_COUNT],
      ]);
    }
  });

  it('writes JSON log lines carrying the Lambda request id of their invocation', async () => {
    // Prepare
    const message = `log me ${randomUUID()}`;

    // Act
    const answer = await api('/chat', { body: { message } });

    // Assess
    // A function's output reaches the stack through a pipe, not with the HTTP response: wait for it.
    const chat = await eventually(
      async () => logRecords().find((record) => record.message === 'Chat answered' && record.conversation_id === answer.body.conversation_id),
      'the chat function to log its answer',
      5_000,
    );
    expect(chat).toMatchObject({ level: 'INFO', logger: 'chat', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/), requestId: expect.stringMatching(/^[0-9a-f-]{36}$/) });
    expect(logLines).toContain(`START RequestId: ${chat.requestId} Version: $LATEST`);
    const authorizer = logRecords().filter((record) => record.logger === 'authorizer' && record.message === 'Token accepted');
    expect(authorizer.length).toBeGreaterThan(0);
    for (const record of authorizer) expect(logLines).toContain(`START RequestId: ${record.requestId} Version: $LATEST`);
  });
});
