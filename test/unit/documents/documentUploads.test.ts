import { Logger } from '@aws-lambda-powertools/logger';
import type { S3Event } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { PipelineExecutions } from '../../../src/documents/pipelineExecutions.js';
import { createDocumentUploadedHandler } from '../../../src/documents/uploaded/documentUploadedHandler.js';
import { decodeEventKey, KNOWLEDGE_PREFIX, parseUploadKey, uploadKey } from '../../../src/documents/uploads/uploadKey.js';

const documentId = '3b241101-e2bb-4255-8caf-4136c566a962';

/** Records the executions started; a second start of one name fails as Step Functions does for a finished execution. */
class RecordedExecutions implements PipelineExecutions {
  readonly started: { arn: string; name: string; input: Record<string, unknown> }[] = [];
  async start(arn: string, name: string, input: string): Promise<string> {
    if (this.started.some((s) => s.name === name)) throw Object.assign(new Error('Execution Already Exists'), { name: 'ExecutionAlreadyExists' });
    this.started.push({ arn, name, input: JSON.parse(input) as Record<string, unknown> });
    return `${arn}:${name}`;
  }
  async describe() {
    return undefined;
  }
}

function s3Event(key: string): S3Event {
  return { Records: [{ s3: { bucket: { name: 'docs-bucket' }, object: { key, size: 10 } } }] } as unknown as S3Event;
}

describe('document upload keys', () => {
  it('round-trips pipeline, owner, id and content type through the key', () => {
    // Act
    const key = uploadKey({ pipeline: 'analysis', owner: 'user@example.com', documentId, contentType: 'text/markdown' });

    // Assess
    expect(key).toBe(`uploads/analysis/user%40example.com/${documentId}.md`);
    expect(parseUploadKey(key)).toEqual({ pipeline: 'analysis', owner: 'user@example.com', documentId, contentType: 'text/markdown' });
    expect(parseUploadKey('uploads/other/x/y.exe')).toBeUndefined();
  });

  it('puts knowledge-base documents under the data source\'s knowledge/ prefix, which no pipeline reads', () => {
    // Act
    const key = uploadKey({ pipeline: 'knowledge', owner: 'user@example.com', documentId, contentType: 'text/markdown' });

    // Assess
    expect(key).toBe(`knowledge/user%40example.com/${documentId}.md`);
    expect(key.startsWith(KNOWLEDGE_PREFIX)).toBe(true);
    expect(parseUploadKey(key)).toBeUndefined();
  });

  it('decodes keys as S3 events encode them', () => {
    // Act
    const decoded = decodeEventKey('uploads/summary/user%2540example.com/a+b.pdf');

    // Assess
    expect(decoded).toBe('uploads/summary/user%40example.com/a b.pdf');
  });
});

describe('document uploaded handler', () => {
  const config = { pipelines: { summary: 'arn:aws:states:us-east-1:0:stateMachine:Summary', analysis: 'arn:aws:states:us-east-1:0:stateMachine:Analysis' } };

  it('starts the pipeline named in the key with the object location, once even when S3 delivers twice', async () => {
    // Prepare
    const executions = new RecordedExecutions();
    const handler = createDocumentUploadedHandler({ config, executions, logger: new Logger({ logLevel: 'SILENT' }) });
    const key = `uploads/summary/dev-user/${documentId}.pdf`;

    // Act
    await handler(s3Event(key));
    await handler(s3Event(key));

    // Assess
    expect(executions.started).toEqual([
      { arn: config.pipelines.summary, name: documentId, input: { document_id: documentId, owner: 'dev-user', pipeline: 'summary', content_type: 'application/pdf', s3: { bucket: 'docs-bucket', key } } },
    ]);
  });

  it('ignores objects that are not document uploads', async () => {
    // Prepare
    const executions = new RecordedExecutions();
    const handler = createDocumentUploadedHandler({ config, executions, logger: new Logger({ logLevel: 'SILENT' }) });

    // Act
    await handler(s3Event('uploads/notes.txt'));

    // Assess
    expect(executions.started).toEqual([]);
  });
});
