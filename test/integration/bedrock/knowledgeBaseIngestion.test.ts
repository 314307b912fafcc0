import {
  ConflictException,
  GetDataSourceCommand,
  GetIngestionJobCommand,
  GetKnowledgeBaseCommand,
  ListDataSourcesCommand,
  ListIngestionJobsCommand,
  ListKnowledgeBasesCommand,
  ResourceNotFoundException,
  StartIngestionJobCommand,
  ValidationException,
} from '@aws-sdk/client-bedrock-agent';
import { ResourceNotFoundException as RuntimeNotFound, RetrieveCommand } from '@aws-sdk/client-bedrock-agent-runtime';
import { describe, expect, it } from 'vitest';
import { BUCKET, DS_ID, KB_ID, knowledgeBaseFixture } from './knowledgeBaseFixture.js';

const RETURNS = '# Returns\n\nYou can return an item within 30 days of delivery for a full refund. Refunds go back to the original card.';
const SHIPPING = '# Shipping\n\nExpress shipping takes two business days. Standard shipping takes five to seven business days.';
const WARRANTY = 'The warranty covers manufacturing defects for two years from the date of purchase.';

describe('knowledge bases from definitions: control plane, ingestion from S3, Retrieve', () => {
  const kb = knowledgeBaseFixture();

  it('serves the defined knowledge base and data source through the bedrock-agent API', async () => {
    // Act
    const list = await kb.agent.send(new ListKnowledgeBasesCommand({}));
    const { knowledgeBase } = await kb.agent.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: KB_ID }));
    const sources = await kb.agent.send(new ListDataSourcesCommand({ knowledgeBaseId: KB_ID }));
    const { dataSource } = await kb.agent.send(new GetDataSourceCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID }));
    // Assess
    expect(list.knowledgeBaseSummaries?.map((summary) => [summary.knowledgeBaseId, summary.status])).toEqual([[KB_ID, 'ACTIVE']]);
    expect(knowledgeBase?.knowledgeBaseArn).toBe(`arn:aws:bedrock:us-east-1:000000000000:knowledge-base/${KB_ID}`);
    expect(knowledgeBase?.createdAt).toBeInstanceOf(Date);
    expect(knowledgeBase?.knowledgeBaseConfiguration?.vectorKnowledgeBaseConfiguration?.embeddingModelArn).toContain('titan-embed-text-v2');
    expect(sources.dataSourceSummaries?.map((summary) => summary.dataSourceId)).toEqual([DS_ID]);
    expect(dataSource?.dataSourceConfiguration?.s3Configuration?.bucketArn).toBe(`arn:aws:s3:::${BUCKET}`);
  });

  it('answers ResourceNotFoundException (404) for unknown knowledge bases, data sources and jobs', async () => {
    const unknownKb = await kb.agent.send(new GetKnowledgeBaseCommand({ knowledgeBaseId: 'KBUNKNOWN1' })).catch((error: unknown) => error);
    const unknownDs = await kb.agent.send(new GetDataSourceCommand({ knowledgeBaseId: KB_ID, dataSourceId: 'DSUNKNOWN1' })).catch((error: unknown) => error);
    const retrieve = await kb.runtime.send(new RetrieveCommand({ knowledgeBaseId: 'KBUNKNOWN1', retrievalQuery: { text: 'x' } })).catch((error: unknown) => error);
    expect(unknownKb).toBeInstanceOf(ResourceNotFoundException);
    expect((unknownKb as ResourceNotFoundException).$metadata.httpStatusCode).toBe(404);
    expect(unknownDs).toBeInstanceOf(ResourceNotFoundException);
    expect(retrieve).toBeInstanceOf(RuntimeNotFound);
  });

  it('validates requests against the bedrock-agent model (ids are 10 alphanumerics)', async () => {
    const error = await kb.agent.send(new GetIngestionJobCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID, ingestionJobId: 'not-an-id' })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationException);
    expect((error as ValidationException).message).toContain('ingestionJobId');
  });

  it('ingests the bucket in the background, then Retrieve finds the chunks with their S3 location and metadata', async () => {
    // Prepare
    await kb.put('policies/returns.md', RETURNS);
    await kb.put('policies/shipping.md', SHIPPING);
    await kb.put('warranty.txt', WARRANTY);
    // Act
    const job = await kb.ingest();
    const result = await kb.runtime.send(new RetrieveCommand({ knowledgeBaseId: KB_ID, retrievalQuery: { text: 'How many days do I have to return an item for a refund?' }, retrievalConfiguration: { vectorSearchConfiguration: { numberOfResults: 2 } } }));
    // Assess
    expect(job.status).toBe('COMPLETE');
    expect(job.statistics).toMatchObject({ numberOfDocumentsScanned: 3, numberOfNewDocumentsIndexed: 3, numberOfModifiedDocumentsIndexed: 0, numberOfDocumentsDeleted: 0, numberOfDocumentsFailed: 0 });
    expect(result.retrievalResults).toHaveLength(2);
    const [best] = result.retrievalResults!;
    expect(best.location?.s3Location?.uri).toBe(`s3://${BUCKET}/policies/returns.md`);
    expect(best.content?.text).toContain('30 days');
    expect(best.metadata).toMatchObject({ 'x-amz-bedrock-kb-source-uri': `s3://${BUCKET}/policies/returns.md`, 'x-amz-bedrock-kb-data-source-id': DS_ID });
    expect(best.metadata?.['x-amz-bedrock-kb-chunk-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(best.score).toBeGreaterThan(result.retrievalResults![1].score!);
  });

  it('re-ingests incrementally: only the modified, new and deleted objects count', async () => {
    // Prepare
    await kb.put('policies/shipping.md', `${SHIPPING}\n\nOvernight shipping is available in cities.`);
    await kb.remove('warranty.txt');
    await kb.put('faq/payments.md', 'We accept cards and bank transfers.');
    // Act
    const job = await kb.ingest();
    const again = await kb.ingest();
    const warranty = await kb.runtime.send(new RetrieveCommand({ knowledgeBaseId: KB_ID, retrievalQuery: { text: 'warranty manufacturing defects' } }));
    // Assess
    expect(job.statistics).toMatchObject({ numberOfDocumentsScanned: 3, numberOfNewDocumentsIndexed: 1, numberOfModifiedDocumentsIndexed: 1, numberOfDocumentsDeleted: 1, numberOfDocumentsFailed: 0 });
    expect(again.statistics).toMatchObject({ numberOfDocumentsScanned: 3, numberOfNewDocumentsIndexed: 0, numberOfModifiedDocumentsIndexed: 0, numberOfDocumentsDeleted: 0 });
    expect(warranty.retrievalResults?.map((result) => result.location?.s3Location?.uri)).not.toContain(`s3://${BUCKET}/warranty.txt`);
  });

  it('refuses a second job while one runs (ConflictException 409), answers a retry with the same clientToken with the same job, and lists jobs newest first, filtered by status', async () => {
    // Prepare
    await Promise.all(Array.from({ length: 30 }, (_, index) => kb.put(`bulk/doc-${index}.md`, `Document ${index} about topic ${index % 7}. `.repeat(40))));
    // Act
    const clientToken = 'bulk-ingestion-0123456789abcdef0123456789';
    const first = await kb.agent.send(new StartIngestionJobCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID, description: 'bulk', clientToken }));
    const retried = await kb.agent.send(new StartIngestionJobCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID, description: 'bulk', clientToken }));
    const second = await kb.agent.send(new StartIngestionJobCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID })).catch((error: unknown) => error);
    await kb.bedrock.knowledgeBases!.idle();
    const all = await kb.agent.send(new ListIngestionJobsCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID }));
    const paged = await kb.agent.send(new ListIngestionJobsCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID, maxResults: 2, sortBy: { attribute: 'STARTED_AT', order: 'ASCENDING' } }));
    const failed = await kb.agent.send(new ListIngestionJobsCommand({ knowledgeBaseId: KB_ID, dataSourceId: DS_ID, filters: [{ attribute: 'STATUS', operator: 'EQ', values: ['FAILED'] }] }));
    // Assess
    expect(first.ingestionJob?.status).toBe('STARTING');
    expect(first.ingestionJob?.ingestionJobId).toMatch(/^[0-9A-Z]{10}$/);
    expect(retried.ingestionJob?.ingestionJobId).toBe(first.ingestionJob?.ingestionJobId);
    expect(second).toBeInstanceOf(ConflictException);
    expect((second as ConflictException).$metadata.httpStatusCode).toBe(409);
    expect(all.ingestionJobSummaries?.[0]).toMatchObject({ ingestionJobId: first.ingestionJob?.ingestionJobId, status: 'COMPLETE', description: 'bulk' });
    expect(all.ingestionJobSummaries?.[0].statistics?.numberOfNewDocumentsIndexed).toBe(30);
    expect(all.ingestionJobSummaries).toHaveLength(4);
    expect(paged.ingestionJobSummaries).toHaveLength(2);
    expect(paged.nextToken).toBeTypeOf('string');
    expect(failed.ingestionJobSummaries).toEqual([]);
  });
});
