import { describe, expect, it } from 'vitest';
import type { RetrieveAndGenerateCommandOutput, RetrieveCommandOutput } from '@aws-sdk/client-bedrock-agent-runtime';
import { sourceUri, toGeneratedAnswer, toRetrievedPassages } from '../../../src/knowledge/knowledgeAnswer.js';

describe('toGeneratedAnswer', () => {
  it('maps the answer, each cited part and its sources', () => {
    // Prepare
    const output: Omit<RetrieveAndGenerateCommandOutput, '$metadata'> = {
      sessionId: 's-1',
      output: { text: 'Failed messages go to the dead-letter queue. Deploy with SAM.' },
      citations: [
        {
          generatedResponsePart: { textResponsePart: { text: 'Failed messages go to the dead-letter queue.', span: { start: 0, end: 43 } } },
          retrievedReferences: [
            { content: { type: 'TEXT', text: 'After three receives…' }, location: { type: 'S3', s3Location: { uri: 's3://docs/async-tasks.md' } } },
            { content: { type: 'TEXT', text: 'From the web' }, location: { type: 'WEB', webLocation: { url: 'https://example.com/dlq' } } },
          ],
        },
        {
          generatedResponsePart: { textResponsePart: { text: 'Deploy with SAM.' } },
          retrievedReferences: [{ content: { type: 'TEXT', text: 'sam deploy' }, metadata: { 'x-amz-bedrock-kb-source-uri': 's3://docs/deployment.md' } }],
        },
        { generatedResponsePart: { textResponsePart: { text: 'Uncited.' } }, retrievedReferences: [] },
      ],
    };
    // Act
    const answer = toGeneratedAnswer(output, 'us.anthropic.claude-3-5-haiku-20241022-v1:0');
    // Assess
    expect(answer).toEqual({
      answer: 'Failed messages go to the dead-letter queue. Deploy with SAM.',
      citations: [
        {
          text: 'Failed messages go to the dead-letter queue.',
          sources: [
            { uri: 's3://docs/async-tasks.md', excerpt: 'After three receives…' },
            { uri: 'https://example.com/dlq', excerpt: 'From the web' },
          ],
        },
        { text: 'Deploy with SAM.', sources: [{ uri: 's3://docs/deployment.md', excerpt: 'sam deploy' }] },
      ],
      model: 'us.anthropic.claude-3-5-haiku-20241022-v1:0',
    });
  });

  it('answers an empty answer and no citations when Bedrock gave none', () => {
    expect(toGeneratedAnswer({ sessionId: 's', output: undefined, citations: undefined }, 'm')).toEqual({ answer: '', citations: [], model: 'm' });
  });
});

describe('toRetrievedPassages', () => {
  it('keeps Bedrock order and maps text, score and uri', () => {
    const output: Omit<RetrieveCommandOutput, '$metadata'> = {
      retrievalResults: [
        { content: { type: 'TEXT', text: 'best' }, score: 0.91, location: { type: 'S3', s3Location: { uri: 's3://docs/a.md' } } },
        { content: { type: 'TEXT', text: 'second' }, location: { type: 'CONFLUENCE', confluenceLocation: { url: 'https://wiki/b' } } },
        { content: { type: 'TEXT', text: 'third' }, score: 0.2 },
      ],
    };
    expect(toRetrievedPassages(output)).toEqual({
      results: [
        { text: 'best', score: 0.91, uri: 's3://docs/a.md' },
        { text: 'second', score: null, uri: 'https://wiki/b' },
        { text: 'third', score: 0.2, uri: null },
      ],
    });
    expect(toRetrievedPassages({ retrievalResults: undefined })).toEqual({ results: [] });
  });
});

describe('sourceUri', () => {
  it('reads every kind of location', () => {
    expect(sourceUri({ type: 'SHAREPOINT', sharePointLocation: { url: 'https://sp/x' } })).toBe('https://sp/x');
    expect(sourceUri({ type: 'SALESFORCE', salesforceLocation: { url: 'https://sf/x' } })).toBe('https://sf/x');
    expect(sourceUri({ type: 'KENDRA', kendraDocumentLocation: { uri: 'kendra://x' } })).toBe('kendra://x');
    expect(sourceUri({ type: 'CUSTOM', customDocumentLocation: { id: 'doc-7' } })).toBe('doc-7');
    expect(sourceUri(undefined, { 'x-amz-bedrock-kb-source-uri': 42 })).toBeNull();
  });
});
