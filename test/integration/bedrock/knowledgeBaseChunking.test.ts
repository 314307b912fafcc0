import { RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { describe, expect, it } from 'vitest';
import { countTokens } from '../../../local/bedrock/conversation/tokenEstimator.js';
import { makeDocx } from '../../fixtures/makeDocx.js';
import { makePdf } from '../../fixtures/makePdf.js';
import { BUCKET, KB_ID, knowledgeBaseDefinition, knowledgeBaseFixture } from './knowledgeBaseFixture.js';

const filler = (topic: string, count: number) => Array.from({ length: count }, (_, index) => `Sentence ${index} is about ${topic}.`).join(' ');

describe('ingestion of PDF, Word and HTML with HIERARCHICAL chunking: retrieval answers with parent chunks', () => {
  const kb = knowledgeBaseFixture(
    knowledgeBaseDefinition({
      chunkingConfiguration: { chunkingStrategy: 'HIERARCHICAL', hierarchicalChunkingConfiguration: { levelConfigurations: [{ maxTokens: 300 }, { maxTokens: 40 }], overlapTokens: 5 } },
    }),
  );

  it('indexes each type and returns the parent chunk of the best child', async () => {
    // Prepare
    await kb.put('report.pdf', makePdf(['The annual report shows revenue grew in every region.']));
    await kb.put('memo.docx', makeDocx(['The holiday memo grants twenty five days of leave.']));
    await kb.put('guide.html', `<html><body><script>var x = 1;</script><p>${filler('gardening', 30)} Tomatoes need six hours of sun each day.</p></body></html>`);
    // Act
    const job = await kb.ingest();
    const ask = (text: string) => kb.runtime.send(new RetrieveCommand({ knowledgeBaseId: KB_ID, retrievalQuery: { text }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 1 } } }));
    const tomato = await ask('How many hours of sun do tomatoes need?');
    const revenue = await ask('annual report revenue');
    const leave = await ask('holiday leave days');
    // Assess
    expect(job.statistics).toMatchObject({ numberOfNewDocumentsIndexed: 3, numberOfDocumentsFailed: 0 });
    expect(tomato.retrievalResults?.[0].location?.s3Location?.uri).toBe(`s3://${BUCKET}/guide.html`);
    const parent = tomato.retrievalResults![0].content!.text!;
    expect(countTokens(parent)).toBeGreaterThan(40);
    expect(parent).toContain('Sentence 0 is about gardening.');
    expect(parent).not.toContain('var x');
    expect(revenue.retrievalResults?.[0].location?.s3Location?.uri).toBe(`s3://${BUCKET}/report.pdf`);
    expect(leave.retrievalResults?.[0].location?.s3Location?.uri).toBe(`s3://${BUCKET}/memo.docx`);
  });
});
