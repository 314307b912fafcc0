/**
 * The document pipeline meets Step Functions' payload quota as on AWS: a document within the API's
 * own size limit whose extracted text, added to the execution's input, makes a state's output
 * larger than 256 KiB fails the execution with `States.DataLimitExceeded` (terminal: the
 * `States.ALL` catcher on ExtractText does not catch it).
 */
import { describe, expect, it } from 'vitest';
import { callApi } from '../harness/api.js';

interface Started {
  document_id: string;
  status: string;
}

interface DocumentStatus {
  status: string;
  error?: { error: string; cause: string };
}

async function finished(documentId: string): Promise<DocumentStatus> {
  for (let i = 0; i < 300; i += 1) {
    const { body } = await callApi<DocumentStatus>(`/documents/${documentId}`);
    if (body.status !== 'RUNNING') return body;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`document ${documentId} did not finish`);
}

describe('document pipeline and the Step Functions payload quota', () => {
  it('fails a document whose state output passes 256 KiB, as AWS does', async () => {
    // Prepare: 50,000 three-byte characters = 150,000 bytes, the API's default maximum; the
    // extracted copy (50,000 characters, not truncated) doubles the state's output to ~300 KB.
    const text = '文'.repeat(50_000);
    // Act
    const started = await callApi<Started>('/documents', { body: { text } });
    const result = await finished(started.body.document_id);
    // Assess
    expect(started.status).toBe(202);
    expect(result.status).toBe('FAILED');
    expect(result.error).toEqual({
      error: 'States.DataLimitExceeded',
      cause: "The state/task 'ExtractText' returned a result with a size exceeding the maximum number of bytes service limit.",
    });
  });
});
