/**
 * The document pipeline within Step Functions' payload quota (256 KiB per state, counted in UTF-8
 * bytes): a document at the API's maximum (150,000 bytes of three-byte characters) runs both
 * pipelines to the end, because ExtractText does not carry the document forward beside its text;
 * a document over the maximum, or one whose execution input would pass 256 KiB once JSON-encoded,
 * is refused at the route with 413 and never starts an execution.
 */
import { describe, expect, it } from 'vitest';
import { callApi } from '../harness/api.js';

interface Started {
  document_id: string;
  status: string;
  message?: string;
}

interface DocumentStatus {
  status: string;
  output?: Record<string, unknown>;
  error?: { code: string; message: string };
}

async function finished(documentId: string): Promise<DocumentStatus> {
  for (let i = 0; i < 600; i += 1) {
    const { body } = await callApi<DocumentStatus>(`/documents/${documentId}`);
    if (body.status !== 'RUNNING') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`document ${documentId} did not finish`);
}

describe('document pipeline and the Step Functions payload quota', () => {
  it.each(['summary', 'analysis'])('runs the %s pipeline to the end on a document of the maximum size', { timeout: 120_000 }, async (pipeline) => {
    // Prepare: 50,000 three-byte characters = 150,000 bytes, the API's default maximum
    const text = '文'.repeat(50_000);
    // Act
    const started = await callApi<Started>('/documents', { body: { text, pipeline } });
    const result = await finished(started.body.document_id);
    // Assess
    expect(started.status).toBe(202);
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: { document_id: started.body.document_id, characters: 50_000 } });
  });

  it('refuses a document one character over the maximum with 413, before any execution', async () => {
    const started = await callApi<Started>('/documents', { body: { text: '文'.repeat(50_001) } });
    expect(started.status).toBe(413);
    expect(started.body).toEqual({ message: 'The document is larger than 150000 bytes' });
  });

  it('refuses with 413 a document whose JSON-encoded execution input would pass 256 KiB', async () => {
    // 140,000 quotes: 140,000 bytes of text, 280,000 once escaped in the execution input
    const started = await callApi<Started>('/documents', { body: { text: '"'.repeat(140_000) } });
    expect(started.status).toBe(413);
    expect(started.body.message).toContain('larger than the pipeline accepts');
  });
});
