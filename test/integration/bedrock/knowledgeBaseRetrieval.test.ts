import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BedrockAgentRuntimeClient, RetrieveCommand, ValidationException, type RetrieveCommandInput } from '@aws-sdk/client-bedrock-agent-runtime';
import { beforeAll, describe, expect, it } from 'vitest';
import { startBedrockServer } from '../../../local/bedrock/index.js';
import { BUCKET, KB_ID, knowledgeBaseDefinition, knowledgeBaseFixture } from './knowledgeBaseFixture.js';

const sidecar = (attributes: Record<string, unknown>) => JSON.stringify({ metadataAttributes: attributes });

describe('Retrieve over an ingested knowledge base: metadata filters, HYBRID, nextToken, failures, persistence', () => {
  const kb = knowledgeBaseFixture();
  const retrieve = (input: Omit<RetrieveCommandInput, 'knowledgeBaseId'>) => kb.runtime.send(new RetrieveCommand({ knowledgeBaseId: KB_ID, ...input }));
  const uris = (result: Awaited<ReturnType<typeof retrieve>>) => (result.retrievalResults ?? []).map((item) => item.location?.s3Location?.uri?.replace(`s3://${BUCKET}/`, ''));
  let firstJob: Awaited<ReturnType<typeof kb.ingest>>;

  beforeAll(async () => {
    await kb.put('reports/q1.md', 'The first quarter revenue grew by ten percent in the retail segment.');
    await kb.put('reports/q1.md.metadata.json', sidecar({ year: 2024, team: 'finance', tags: ['revenue', 'quarterly'] }));
    await kb.put('reports/q3-2021.md', 'The third quarter revenue fell in the retail segment during 2021.');
    await kb.put('reports/q3-2021.md.metadata.json', sidecar({ year: { value: { type: 'NUMBER', numberValue: 2021 } }, team: { value: { type: 'STRING', stringValue: 'finance' } } }));
    await kb.put('hr/holidays.md', 'Employees get twenty five days of paid holiday each year. Part code HX-4471 is the holiday form.');
    await kb.put('hr/holidays.md.metadata.json', sidecar({ year: 2023, team: 'hr', tags: ['people'] }));
    await kb.put('images/logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    firstJob = await kb.ingest();
  });

  it('indexes documents with their sidecars and counts an unsupported file as failed, with its reason', () => {
    expect(firstJob.status).toBe('COMPLETE');
    expect(firstJob.statistics).toMatchObject({ numberOfDocumentsScanned: 4, numberOfMetadataDocumentsScanned: 3, numberOfNewDocumentsIndexed: 3, numberOfDocumentsFailed: 1 });
    expect(firstJob.failureReasons).toEqual([`The file s3://${BUCKET}/images/logo.png has an unsupported file format and was skipped.`]);
  });

  it('filters on sidecar attributes (numbers, strings, lists, andAll) and on the source URI', async () => {
    const recent = await retrieve({ retrievalQuery: { text: 'quarter revenue' }, retrievalConfiguration: { vectorSearchConfiguration: { filter: { andAll: [{ equals: { key: 'team', value: 'finance' } }, { greaterThanOrEquals: { key: 'year', value: 2022 } }] } } } });
    const tagged = await retrieve({ retrievalQuery: { text: 'quarter revenue' }, retrievalConfiguration: { vectorSearchConfiguration: { filter: { listContains: { key: 'tags', value: 'people' } } } } });
    const bySource = await retrieve({ retrievalQuery: { text: 'revenue' }, retrievalConfiguration: { vectorSearchConfiguration: { filter: { startsWith: { key: 'x-amz-bedrock-kb-source-uri', value: `s3://${BUCKET}/hr/` } } } } });
    expect(uris(recent)).toEqual(['reports/q1.md']);
    expect(recent.retrievalResults?.[0].metadata).toMatchObject({ year: 2024, team: 'finance', tags: ['revenue', 'quarterly'] });
    expect(uris(tagged)).toEqual(['hr/holidays.md']);
    expect(uris(bySource)).toEqual(['hr/holidays.md']);
  });

  it('HYBRID search lifts a document with an exact code that semantic search ranks last', async () => {
    const text = 'quarter revenue grew HX-4471';
    const semantic = await retrieve({ retrievalQuery: { text }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3 } } });
    const hybrid = await retrieve({ retrievalQuery: { text }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 3, overrideSearchType: 'HYBRID' } } });
    expect(uris(semantic).indexOf('hr/holidays.md')).toBe(2);
    expect(uris(hybrid).indexOf('hr/holidays.md')).toBeLessThan(2);
  });

  it('pages with nextToken until the results run out', async () => {
    const first = await retrieve({ retrievalQuery: { text: 'revenue' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } } });
    const second = await retrieve({ retrievalQuery: { text: 'revenue' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } }, nextToken: first.nextToken });
    const bad = await retrieve({ retrievalQuery: { text: 'revenue' }, nextToken: 'not-a-token' }).catch((error: unknown) => error);
    expect(first.retrievalResults).toHaveLength(2);
    expect(first.nextToken).toBeTypeOf('string');
    expect(second.retrievalResults).toHaveLength(1);
    expect(second.nextToken).toBeUndefined();
    expect(new Set([...uris(first), ...uris(second)]).size).toBe(3);
    expect(bad).toBeInstanceOf(ValidationException);
  });

  it('a changed sidecar alone updates the metadata without re-indexing the document', async () => {
    await kb.put('hr/holidays.md.metadata.json', sidecar({ year: 2025, team: 'people-ops' }));
    const job = await kb.ingest();
    const moved = await retrieve({ retrievalQuery: { text: 'holiday' }, retrievalConfiguration: { vectorSearchConfiguration: { filter: { equals: { key: 'team', value: 'people-ops' } } } } });
    expect(job.statistics).toMatchObject({ numberOfMetadataDocumentsModified: 1, numberOfModifiedDocumentsIndexed: 0, numberOfNewDocumentsIndexed: 0, numberOfDocumentsFailed: 1 });
    expect(uris(moved)).toEqual(['hr/holidays.md']);
  });

  it('persists the index under knowledgeBaseDataDir: a restarted fake answers without ingesting again', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kb-data-'));
    const options = { knowledgeBases: [knowledgeBaseDefinition()], s3Endpoint: kb.s3.url, knowledgeBaseDataDir: dataDir };
    try {
      const first = await startBedrockServer(options);
      const { ingestionJob } = { ingestionJob: first.knowledgeBases!.startIngestionJob({ knowledgeBaseId: KB_ID, dataSourceId: knowledgeBaseDefinition().dataSources[0].dataSourceId }) };
      await first.close();
      const second = await startBedrockServer(options);
      const client = new BedrockAgentRuntimeClient({ region: 'us-east-1', endpoint: second.url, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });
      const result = await client.send(new RetrieveCommand({ knowledgeBaseId: KB_ID, retrievalQuery: { text: 'paid holiday' } }));
      const jobs = second.knowledgeBases!.ingestionJobs(KB_ID, knowledgeBaseDefinition().dataSources[0].dataSourceId);
      client.destroy();
      await second.close();
      expect(uris(result)[0]).toBe('hr/holidays.md');
      expect(jobs.map((job) => [job.ingestionJobId, job.status])).toEqual([[ingestionJob.ingestionJobId, 'COMPLETE']]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
