/**
 * The app suite's way into the template's knowledge base, as a client of the API: upload documents
 * to its data source (`POST /documents/uploads` with `"pipeline": "knowledge"`), then ingest them
 * (`POST /knowledge/sync`, polled through `GET /knowledge/sync/{jobId}`). Test files share one stack
 * and one data source: a job started while another runs answers 409, so `syncKnowledgeBase` waits and
 * starts its own (which indexes every document uploaded so far).
 */
import { expect } from 'vitest';
import { callApi } from './api.js';

export interface IngestionJob {
  job_id: string;
  status: string;
  statistics?: { documents_scanned: number; documents_new: number; documents_modified: number; documents_deleted: number; documents_failed: number };
  failure_reasons?: string[];
  message?: string;
}

interface Upload {
  document_id: string;
  upload_url: string;
  method: string;
  headers: Record<string, string>;
  pipeline: string;
}

/** An uploaded knowledge document's S3 URI: `s3://<bucket>/knowledge/<owner>/<document id>.md`. */
export const UPLOADED_KNOWLEDGE_URI = /^s3:\/\/[^/]+\/knowledge\/dev-user\/[0-9a-f-]{36}\.md$/;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Uploads one Markdown document to the knowledge base's data source; its document id. */
export async function uploadToKnowledgeBase(markdown: string): Promise<string> {
  const upload = await callApi<Upload>('/documents/uploads', { body: { content_type: 'text/markdown', pipeline: 'knowledge' } });
  expect(upload.status, upload.text).toBe(201);
  expect(upload.body.pipeline).toBe('knowledge');
  const put = await fetch(upload.body.upload_url, { method: upload.body.method, headers: upload.body.headers, body: markdown });
  expect(put.status).toBe(200);
  return upload.body.document_id;
}

/** Starts an ingestion job (waiting out another file's job) and returns it once it has ended. */
export async function syncKnowledgeBase(description: string): Promise<IngestionJob> {
  let started = await callApi<IngestionJob>('/knowledge/sync', { body: { description } });
  while (started.status === 409) {
    await pause(250);
    started = await callApi<IngestionJob>('/knowledge/sync', { body: { description } });
  }
  expect(started.status, started.text).toBe(202);
  expect(started.body.job_id).toMatch(/^[0-9A-Za-z]{10}$/);
  for (;;) {
    const { status, body, text } = await callApi<IngestionJob>(`/knowledge/sync/${started.body.job_id}`);
    expect(status, text).toBe(200);
    if (!['STARTING', 'IN_PROGRESS'].includes(body.status)) return body;
    await pause(200);
  }
}
