/**
 * The document pipelines end to end: POST /documents starts a Step Functions execution of the
 * template's state machine (Lambda → bedrock:invokeModel …), GET /documents/{id} reads it.
 */
import { randomUUID } from 'node:crypto';
import { GetExecutionHistoryCommand } from '@aws-sdk/client-sfn';
import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import type { FixtureRule } from '../../../local/testing/index.js';
import { useStack } from '../../../local/testing/vitest.js';
import { bedrockInvocations, callApi, otherUserToken } from '../harness/api.js';
import { makePdf, makePdfPages } from '../../fixtures/makePdf.js';

interface Started {
  document_id: string;
  execution_arn: string;
  pipeline: string;
  status: string;
  message?: string;
}

interface DocumentStatus {
  document_id: string;
  pipeline: string;
  status: string;
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
  message?: string;
}

const stack = useStack();

async function startDocument(body: unknown, headers?: Record<string, string | undefined>) {
  return callApi<Started>('/documents', { body, headers });
}

/** The document's status once its execution has finished. */
async function finished(started: Started): Promise<DocumentStatus> {
  await stack.executions.wait(started.execution_arn, { timeout: '30s' });
  const { status, body } = await callApi<DocumentStatus>(`/documents/${started.document_id}`);
  expect(status).toBe(200);
  return body;
}

async function history(executionArn: string): Promise<HistoryEvent[]> {
  return (await stack.clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }))).events ?? [];
}

const addFixture = (rule: FixtureRule) => stack.bedrock.fixtures(rule);

describe('document pipelines', () => {
  it('summary pipeline: Markdown → extract → analyse (strong model) → summarise (cheap model)', async () => {
    const tag = randomUUID();
    const started = await startDocument({ text: `# Launch report ${tag}\n\nThe launch went **very well**; see [the notes](https://example.com).`, content_type: 'text/markdown' });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ pipeline: 'summary', status: 'RUNNING' });
    expect(started.body.execution_arn).toMatch(new RegExp(`^arn:aws:states:us-east-1:000000000000:execution:[^:]+:${started.body.document_id}$`));

    const result = await finished(started.body);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ document_id: started.body.document_id, pipeline: 'summary', truncated: false, summary_error: null });
    expect(result.output?.analysis).toEqual(expect.any(String));
    expect(result.output?.summary).toEqual(expect.any(String));

    const calls = (await bedrockInvocations()).filter((c) => c.operation === 'InvokeModel' && c.input.messages?.[0]?.content[0]?.text?.includes(tag));
    expect(calls).toHaveLength(2);
    const [analyse, summarise] = calls;
    expect(analyse.input.messages?.[0].content[0].text).toContain(`Launch report ${tag}\n\nThe launch went very well; see the notes.`);
    expect(summarise.input.messages?.[0].content[0].text).toContain(String(result.output?.analysis));
    expect(analyse.modelId).not.toBe(summarise.modelId);

    const types = (await history(started.body.execution_arn)).map((e) => e.type);
    expect(types.filter((t) => t === 'TaskScheduled')).toHaveLength(3);
    expect(types.at(-1)).toBe('ExecutionSucceeded');
  });

  it('analysis pipeline (JSONata): sentiment and keywords in parallel, combined by a Lambda', async () => {
    const tag = randomUUID();
    await addFixture({ match: { operation: 'InvokeModel', lastUserMessageRegex: `overall sentiment[\\s\\S]*${tag}` }, respond: { text: '{"sentiment": "positive", "explanation": "Customers are happy."}' }, times: 1 });
    await addFixture({ match: { operation: 'InvokeModel', lastUserMessageRegex: `keywords[\\s\\S]*${tag}` }, respond: { text: '{"keywords": ["launch", "customers"]}' }, times: 1 });
    const started = await startDocument({ text: `Customers love the launch. ${tag}`, pipeline: 'analysis' });
    expect(started.status).toBe(202);

    const result = await finished(started.body);
    expect(result).toMatchObject({ status: 'SUCCEEDED', pipeline: 'analysis' });
    expect(result.output).toEqual({
      document_id: started.body.document_id,
      characters: `Customers love the launch. ${tag}`.length,
      sentiment: { label: 'positive', explanation: 'Customers are happy.' },
      keywords: ['launch', 'customers'],
      pipeline: 'analysis',
    });
    const types = (await history(started.body.execution_arn)).map((e) => e.type);
    expect(types).toContain('ParallelStateStarted');
    expect(types).toContain('ParallelStateSucceeded');
  });

  it('reads a PDF (unpdf) and sends its text to the model', async () => {
    const tag = randomUUID();
    const pdf = makePdf([`Quarterly report ${tag}`, 'Revenue grew by ten percent.']);
    const started = await startDocument({ content_base64: pdf.toString('base64'), content_type: 'application/pdf' });
    expect(started.status).toBe(202);
    expect((await finished(started.body)).status).toBe('SUCCEEDED');
    const analyse = (await bedrockInvocations()).find((c) => c.operation === 'InvokeModel' && c.input.messages?.[0]?.content[0]?.text?.includes(tag));
    expect(analyse?.input.messages?.[0].content[0].text).toContain('Revenue grew by ten percent.');
  });

  it('retries a Bedrock throttle with the state’s Retry, and the history shows it', async () => {
    const tag = randomUUID();
    await addFixture({ match: { operation: 'InvokeModel', lastUserMessageRegex: `Analyse this document[\\s\\S]*${tag}` }, error: { code: 'ThrottlingException', message: 'Too many requests' }, times: 1 });
    const started = await startDocument({ text: `Throttled once ${tag}` });
    const result = await finished(started.body);
    expect(result.status).toBe('SUCCEEDED');

    const events = await history(started.body.execution_arn);
    const analyseEvents = events.filter((e) => ['TaskFailed', 'TaskSucceeded'].includes(e.type!) && JSON.stringify(e).includes('invokeModel'));
    expect(analyseEvents[0]).toMatchObject({ type: 'TaskFailed', taskFailedEventDetails: { resourceType: 'bedrock', resource: 'invokeModel', error: 'Bedrock.ThrottlingException' } });
    expect(analyseEvents[1].type).toBe('TaskSucceeded');
  });

  it('runs the Catch paths: a failed summary keeps the analysis; an unreadable PDF fails the document', async () => {
    const tag = randomUUID();
    await addFixture({ match: { operation: 'InvokeModel', lastUserMessageRegex: `Summarise this document[\\s\\S]*${tag}` }, error: { code: 'ValidationException', message: 'Input is too long' }, times: 1 });
    const partial = await startDocument({ text: `No summary for this one ${tag}` });
    const partialResult = await finished(partial.body);
    expect(partialResult.status).toBe('SUCCEEDED');
    expect(partialResult.output).toMatchObject({ summary: null, summary_error: 'Bedrock.ValidationException' });
    expect(partialResult.output?.analysis).toEqual(expect.any(String));

    const broken = await startDocument({ content_base64: Buffer.from('%PDF-1.4 this is not a pdf').toString('base64'), content_type: 'application/pdf' });
    expect(broken.status).toBe(202);
    const brokenResult = await finished(broken.body);
    expect(brokenResult.status).toBe('FAILED');
    // A stable, safe error: no stack trace, file path or parser text reaches the client
    expect(brokenResult.error).toEqual({ code: 'DOCUMENT_UNREADABLE', message: 'The PDF could not be read: it is damaged or not a valid PDF' });
    const raw = (await callApi(`/documents/${broken.body.document_id}`)).text;
    expect(raw).not.toMatch(/trace|\.m?[jt]s\b|\/var\/|\/work\/|at [A-Za-z.]+ \(|InvalidPDFException/);

    // An encrypted PDF is refused at the route, before any execution
    const encrypted = await startDocument({ content_base64: makePdfPages([['secret']], { encrypted: true }).toString('base64'), content_type: 'application/pdf' });
    expect(encrypted.status).toBe(400);
    expect(encrypted.body).toEqual({ message: 'The PDF is encrypted; send it without a password or encryption' });
  });

  it('refuses bad requests and hides other users’ documents', async () => {
    expect((await startDocument('{not json')).status).toBe(400);
    expect((await startDocument({ text: 'x', pipeline: 'translate' })).status).toBe(400);
    expect((await startDocument({ text: 'x', content_base64: 'eA==' })).status).toBe(400);
    expect((await startDocument({ content_base64: 'eA==', content_type: 'image/png' })).status).toBe(400);
    expect((await startDocument({ text: 'x'.repeat(150_001) })).status).toBe(413);
    expect((await callApi(`/documents/${randomUUID()}`)).status).toBe(404);
    expect((await callApi('/documents/not-an-id')).status).toBe(404);

    const started = await startDocument({ text: 'Private notes' });
    const otherUser = await otherUserToken();
    const asOther = await callApi(`/documents/${started.body.document_id}`, { headers: { authorization: `Bearer ${otherUser}` } });
    expect(asOther.status).toBe(404);
    expect(asOther.body).toEqual({ message: 'Document not found' });
  });
});
