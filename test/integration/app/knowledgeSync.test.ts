/**
 * Knowledge base end to end: the repository's docs/*.md go up through POST /documents/uploads
 * (`"pipeline": "knowledge"`, the data source's knowledge/ prefix), POST /knowledge/sync ingests them,
 * GET /knowledge/sync/{jobId} reports the job until COMPLETE, and POST /knowledge/query answers a
 * question with a citation of the uploaded object. Needs the fake Bedrock's knowledge-base engine
 * (control plane, ingestion from S3, index).
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { callApi } from '../harness/api.js';

interface Upload {
  document_id: string;
  upload_url: string;
  method: string;
  headers: Record<string, string>;
  pipeline: string;
}

interface IngestionJob {
  job_id: string;
  status: string;
  statistics?: { documents_scanned: number; documents_new: number; documents_modified: number; documents_deleted: number; documents_failed: number };
  failure_reasons?: string[];
  message?: string;
}

interface KnowledgeAnswer {
  answer: string;
  citations: { text: string; sources: { uri: string | null; excerpt: string }[] }[];
  results: { text: string; score: number | null; uri: string | null }[];
}

const DOCS = path.resolve('docs');
const UPLOADED_KEY = /^s3:\/\/[^/]+\/knowledge\/dev-user\/[0-9a-f-]{36}\.md$/;

/** Uploads one Markdown document to the knowledge base's data source; its document id. */
async function uploadToKnowledgeBase(text: string): Promise<string> {
  const upload = await callApi<Upload>('/documents/uploads', { body: { content_type: 'text/markdown', pipeline: 'knowledge' } });
  expect(upload.status, upload.text).toBe(201);
  expect(upload.body.pipeline).toBe('knowledge');
  const put = await fetch(upload.body.upload_url, { method: upload.body.method, headers: upload.body.headers, body: text });
  expect(put.status).toBe(200);
  return upload.body.document_id;
}

async function jobWhenDone(jobId: string): Promise<IngestionJob> {
  for (;;) {
    const { status, body, text } = await callApi<IngestionJob>(`/knowledge/sync/${jobId}`);
    expect(status, text).toBe(200);
    if (!['STARTING', 'IN_PROGRESS'].includes(body.status)) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Whitespace-insensitive: chunkers and Markdown handling may reflow a passage. */
const squashed = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('knowledge base sync: documents uploaded through S3 become searchable', () => {
  let s3Guide: string;
  let job: IngestionJob;
  let uploaded: number;

  beforeAll(async () => {
    const files = (await readdir(DOCS)).filter((file) => file.endsWith('.md')).sort();
    s3Guide = await readFile(path.join(DOCS, 's3.md'), 'utf8');
    for (const file of files) await uploadToKnowledgeBase(await readFile(path.join(DOCS, file), 'utf8'));
    uploaded = files.length;

    const started = await callApi<IngestionJob>('/knowledge/sync', { body: { description: 'app suite: docs/*.md' } });
    expect(started.status, started.text).toBe(202);
    expect(started.body.job_id).toMatch(/^[0-9A-Z]{10}$/);
    job = await jobWhenDone(started.body.job_id);
  }, 180_000);

  it('ingests every uploaded document: the job completes with statistics', () => {
    expect(job.status, JSON.stringify(job)).toBe('COMPLETE');
    expect(job.statistics?.documents_new).toBeGreaterThanOrEqual(uploaded);
    expect(job.statistics?.documents_scanned).toBeGreaterThanOrEqual(uploaded);
    expect(job.statistics?.documents_failed).toBe(0);
  });

  it('answers a question from an uploaded document, citing the uploaded object', async () => {
    const response = await callApi<KnowledgeAnswer>('/knowledge/query', { body: { question: 'Why does the kit run its own local S3 rather than s3rver?' } });

    expect(response.status, response.text).toBe(200);
    const sources = response.body.citations.flatMap((citation) => citation.sources);
    const fromGuide = sources.filter((source) => UPLOADED_KEY.test(source.uri ?? '') && squashed(s3Guide).includes(squashed(source.excerpt).slice(0, 60)));
    expect(fromGuide.length, JSON.stringify(sources.map((s) => s.uri))).toBeGreaterThanOrEqual(1);
    expect(squashed(fromGuide[0].excerpt)).toMatch(/s3rver/);
  });

  it('retrieve mode ranks a passage of the uploaded object first', async () => {
    const response = await callApi<KnowledgeAnswer>('/knowledge/query', { body: { question: 'Why does the kit run its own local S3 rather than s3rver?', mode: 'retrieve', max_results: 5 } });

    expect(response.status, response.text).toBe(200);
    expect(response.body.results[0].uri).toMatch(UPLOADED_KEY);
    expect(squashed(response.body.results[0].text)).toMatch(/s3rver/);
  });

  it('answers 400 for a malformed job id and 404 for an unknown one', async () => {
    const malformed = await callApi<IngestionJob>('/knowledge/sync/not-an-id!');
    const unknown = await callApi<IngestionJob>('/knowledge/sync/ZZZZZZZZZZ');

    expect(malformed.status).toBe(400);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('Ingestion job not found');
  });

  it('answers 401 without a token', async () => {
    const response = await callApi('/knowledge/sync', { body: {}, headers: { authorization: undefined } });
    expect(response.status).toBe(401);
  });
});
