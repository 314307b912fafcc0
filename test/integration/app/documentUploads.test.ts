/**
 * Documents uploaded to S3: POST /documents/uploads gives a presigned PUT URL, the client uploads a
 * PDF to it, the S3 event starts the pipeline, which reads the PDF from the bucket; GET /documents/{id}
 * sees the pipeline finish.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { callApi } from '../harness/api.js';
import { makePdf } from '../../fixtures/makePdf.js';

interface Upload {
  document_id: string;
  upload_url: string;
  method: string;
  headers: Record<string, string>;
  expires_in: number;
  pipeline: string;
  message?: string;
}

interface DocumentStatus {
  status: string;
  pipeline?: string;
  output?: Record<string, unknown>;
}

async function finished(documentId: string): Promise<DocumentStatus> {
  for (;;) {
    const { status, body } = await callApi<DocumentStatus>(`/documents/${documentId}`);
    // 404 until the S3 event has started the execution.
    if (status === 200 && body.status !== 'RUNNING') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('document uploads through presigned S3 URLs', () => {
  it('uploads a PDF with the presigned URL and the pipeline started by the S3 event finishes', async () => {
    // Prepare
    const tag = randomUUID();
    const pdf = makePdf([`Uploaded report ${tag}`, 'Costs fell by five percent.']);
    const upload = await callApi<Upload>('/documents/uploads', { body: { content_type: 'application/pdf' } });

    // Act
    const put = await fetch(upload.body.upload_url, { method: upload.body.method, headers: upload.body.headers, body: pdf });
    const result = await finished(upload.body.document_id);

    // Assess
    expect(upload.status).toBe(201);
    expect(upload.body).toMatchObject({ method: 'PUT', headers: { 'content-type': 'application/pdf' }, pipeline: 'summary', expires_in: 900 });
    expect(put.status).toBe(200);
    expect(result.status).toBe('SUCCEEDED');
    expect(result.output).toMatchObject({ document_id: upload.body.document_id, pipeline: 'summary', truncated: false });
    expect(result.output?.analysis).toEqual(expect.any(String));
  }, 60_000);

  it('refuses an unknown content type with 400', async () => {
    // Act
    const upload = await callApi<Upload>('/documents/uploads', { body: { content_type: 'image/png' } });

    // Assess
    expect(upload.status).toBe(400);
    expect(upload.body.message).toContain('"content_type" must be one of');
  });

  it('refuses an upload whose Content-Type differs from the one signed into the URL', async () => {
    // Prepare
    const upload = await callApi<Upload>('/documents/uploads', { body: { content_type: 'text/plain' } });

    // Act
    const put = await fetch(upload.body.upload_url, { method: 'PUT', headers: { 'content-type': 'application/pdf' }, body: 'x' });

    // Assess
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
  });
});
