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
import { syncKnowledgeBase, UPLOADED_KNOWLEDGE_URI, uploadToKnowledgeBase, type IngestionJob } from '../harness/knowledgeBase.js';

interface KnowledgeAnswer {
  answer: string;
  citations: { text: string; sources: { uri: string | null; excerpt: string }[] }[];
  results: { text: string; score: number | null; uri: string | null }[];
}

const DOCS = path.resolve('docs');

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

    job = await syncKnowledgeBase('app suite: docs/*.md');
  }, 180_000);

  it('ingests every uploaded document: the job completes with statistics', () => {
    expect(job.status, JSON.stringify(job)).toBe('COMPLETE');
    // Scanned counts every document under the prefix (other files' uploads too); ours are among them.
    expect(job.statistics?.documents_scanned).toBeGreaterThanOrEqual(uploaded);
    expect(job.statistics?.documents_failed).toBe(0);
  });

  it('answers a question from an uploaded document, citing the uploaded object', async () => {
    const response = await callApi<KnowledgeAnswer>('/knowledge/query', { body: { question: 'Why does the kit run its own local S3 rather than s3rver?' } });

    expect(response.status, response.text).toBe(200);
    const sources = response.body.citations.flatMap((citation) => citation.sources);
    const fromGuide = sources.filter((source) => UPLOADED_KNOWLEDGE_URI.test(source.uri ?? '') && squashed(s3Guide).includes(squashed(source.excerpt).slice(0, 60)));
    expect(fromGuide.length, JSON.stringify(sources.map((s) => s.uri))).toBeGreaterThanOrEqual(1);
    expect(squashed(fromGuide[0].excerpt)).toMatch(/s3rver/);
  });

  it('retrieve mode ranks a passage of the uploaded object first', async () => {
    const response = await callApi<KnowledgeAnswer>('/knowledge/query', { body: { question: 'Why does the kit run its own local S3 rather than s3rver?', mode: 'retrieve', max_results: 5 } });

    expect(response.status, response.text).toBe(200);
    expect(response.body.results[0].uri).toMatch(UPLOADED_KNOWLEDGE_URI);
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
