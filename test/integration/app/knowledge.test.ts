/**
 * POST /knowledge/query against the template's knowledge base, once the project's knowledge-base/
 * documents have been uploaded to its data source and ingested (as a client would: the upload route,
 * then POST /knowledge/sync). Needs the fake Bedrock's knowledge-base engine.
 */
import { randomUUID } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadTemplate } from '../../../local/template/index.js';
import { bedrockInvocations, callApi } from '../harness/api.js';
import { syncKnowledgeBase, UPLOADED_KNOWLEDGE_URI, uploadToKnowledgeBase } from '../harness/knowledgeBase.js';

interface KnowledgeAnswer {
  answer: string;
  citations: { text: string; sources: { uri: string | null; excerpt: string }[] }[];
  model: string;
  results: { text: string; score: number | null; uri: string | null }[];
  message?: string;
}

const query = (body: unknown, headers?: Record<string, string | undefined>) => callApi<KnowledgeAnswer>('/knowledge/query', { body, headers });

/** The template's defaults (ChatModelId, ComplexModelId) and the local account. */
const CHAT_MODEL = 'us.anthropic.claude-haiku-4-5-20251001-v1:0';
const COMPLEX_MODEL = 'us.anthropic.claude-sonnet-4-6';
const PROFILE_ARN = 'arn:aws:bedrock:us-east-1:000000000000:inference-profile/';

/** The RetrieveAndGenerate request the fake Bedrock received for `question`. */
async function generateRequestFor(question: string) {
  const calls = (await bedrockInvocations()).filter(
    (call) => call.operation === 'RetrieveAndGenerate' && (call.input.input as { text?: string } | undefined)?.text === question,
  );
  expect(calls).toHaveLength(1);
  return calls[0].input.retrieveAndGenerateConfiguration as { knowledgeBaseConfiguration: { knowledgeBaseId: string; modelArn: string } };
}

/** The template's knowledge base's local id (stable: derived from its logical id). */
let knowledgeBaseId: string;
/** The S3 URI ending of each knowledge-base/ file as uploaded: `/<document id>.md`. */
const uploadedAs = new Map<string, string>();

beforeAll(async () => {
  knowledgeBaseId = (await loadTemplate('template.yaml')).knowledgeBases?.[0]?.knowledgeBaseId ?? '';
  const dir = path.resolve('knowledge-base');
  for (const file of (await readdir(dir)).filter((name) => name.endsWith('.md'))) {
    uploadedAs.set(file, `/${await uploadToKnowledgeBase(await readFile(path.join(dir, file), 'utf8'))}.md`);
  }
  const job = await syncKnowledgeBase('app suite: knowledge-base/*.md');
  expect(job.status, JSON.stringify(job)).toBe('COMPLETE');
}, 180_000);

describe('POST /knowledge/query', () => {
  it('answers from the uploaded documents, citing the uploaded object the answer comes from', async () => {
    const question = `What happens to a task message that keeps failing? ${randomUUID()}`;
    const response = await query({ question });

    expect(response.status, response.text).toBe(200);
    expect(response.body.answer.length).toBeGreaterThan(0);
    expect(response.body.model).toBe(CHAT_MODEL);
    expect(response.body.citations.length).toBeGreaterThanOrEqual(1);
    const first = response.body.citations[0];
    // Other test files upload documents too (docs/async-jobs.md answers this as well): any uploaded object may be cited.
    expect(first.sources[0].uri).toMatch(UPLOADED_KNOWLEDGE_URI);
    expect(first.sources[0].excerpt).toMatch(/dead-letter\s+queue/);
    expect(response.body.answer).toContain(first.text);
    expect(await generateRequestFor(question)).toEqual({
      type: 'KNOWLEDGE_BASE',
      knowledgeBaseConfiguration: { knowledgeBaseId, modelArn: `${PROFILE_ARN}${CHAT_MODEL}` },
    });
  });

  it('routes a complex question to the stronger model', async () => {
    const question = `Which model answers complex questions? ${randomUUID()}`;
    const response = await query({ question, complex: true });

    expect(response.status, response.text).toBe(200);
    expect(response.body.model).toBe(COMPLEX_MODEL);
    expect(response.body.citations[0].sources[0].uri).toMatch(UPLOADED_KNOWLEDGE_URI);
    expect((await generateRequestFor(question)).knowledgeBaseConfiguration.modelArn).toBe(`${PROFILE_ARN}${COMPLEX_MODEL}`);
  });

  it('retrieve mode ranks the relevant document first', async () => {
    const response = await query({ question: 'Which port does the fake Bedrock listen on?', mode: 'retrieve', max_results: 3 });

    expect(response.status, response.text).toBe(200);
    expect(response.body.results).toHaveLength(3);
    expect(response.body.results[0].uri).toMatch(UPLOADED_KNOWLEDGE_URI);
    expect(response.body.results[0].text).toMatch(/4010/);
    expect(response.body.results.some((result) => result.uri?.endsWith(uploadedAs.get('local-stack.md') ?? '-'))).toBe(true);
    const scores = response.body.results.map((r) => r.score ?? 0);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(scores[1]);
  });

  it('answers 400 for bad input', async () => {
    const cases: [unknown, RegExp][] = [
      ['{"question": ', /not valid JSON/],
      [{}, /"question" is required/],
      [{ question: '  ' }, /must not be empty/],
      [{ question: 'q', mode: 'summarise' }, /"mode" must be/],
      [{ question: 'q', max_results: 26 }, /"max_results"/],
      [{ question: 'q', complex: 'yes' }, /"complex" must be a boolean/],
    ];
    for (const [body, message] of cases) {
      const response = await query(body);
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(response.body.message).toMatch(message);
    }
  });

  it('answers 401 without a token; the x-api-key header is not what is checked (the key is the token\'s own)', async () => {
    const noToken = await query({ question: 'Which port?' }, { authorization: undefined });
    expect(noToken.status).toBe(401);
    expect(noToken.body).toEqual({ message: 'Unauthorized' });

    const noKey = await query({ question: 'Which port?' }, { 'x-api-key': undefined });
    expect(noKey.status).toBe(200);
  });
});
