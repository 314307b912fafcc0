import { BedrockAgentClient, ConflictException, ResourceNotFoundException, ThrottlingException } from '@aws-sdk/client-bedrock-agent';
import { describe, expect, it } from 'vitest';
import { BedrockIngestionJobs, type IngestionJobs, type IngestionJobView } from '../../../../src/knowledge/sync/ingestionJobs.js';
import { readSyncConfig } from '../../../../src/knowledge/sync/syncConfig.js';
import { createSyncHandler, parseSyncRequest } from '../../../../src/knowledge/sync/syncHandler.js';
import { answerWithoutNetwork, chatEventFactory, contextFactory, silentLogger } from '../factories.js';

const metadata = { $metadata: {} };
const STARTED = new Date('2026-12-07T10:00:00Z');
const UPDATED = new Date('2026-12-07T10:00:05Z');

function clientAnswering(answer: (input: Record<string, unknown>) => Record<string, unknown> | Error) {
  const client = new BedrockAgentClient({ region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return { client, inputs: answerWithoutNetwork(client, answer) };
}

const completeJob = {
  ingestionJob: {
    knowledgeBaseId: 'KB12345678',
    dataSourceId: 'DS12345678',
    ingestionJobId: 'JOB1234567',
    status: 'COMPLETE',
    startedAt: STARTED,
    updatedAt: UPDATED,
    statistics: { numberOfDocumentsScanned: 3, numberOfNewDocumentsIndexed: 2, numberOfModifiedDocumentsIndexed: 1, numberOfDocumentsDeleted: 0, numberOfDocumentsFailed: 0, numberOfMetadataDocumentsScanned: 1, numberOfMetadataDocumentsModified: 0 },
  },
};

describe('BedrockIngestionJobs', () => {
  it('starts an ingestion job on the configured knowledge base and data source', async () => {
    // Prepare
    const { client, inputs } = clientAnswering(() => ({ ingestionJob: { ingestionJobId: 'JOB1234567', status: 'STARTING', startedAt: STARTED } }));
    // Act
    const job = await new BedrockIngestionJobs(client, 'KB12345678', 'DS12345678').start('nightly');
    // Assess
    expect(inputs).toEqual([{ knowledgeBaseId: 'KB12345678', dataSourceId: 'DS12345678', description: 'nightly' }]);
    expect(job).toEqual({ job_id: 'JOB1234567', status: 'STARTING', started_at: '2026-12-07T10:00:00.000Z' });
  });

  it('reads a job with its statistics and failure reasons', async () => {
    const { client, inputs } = clientAnswering(() => ({ ingestionJob: { ...completeJob.ingestionJob, failureReasons: ['notes.pdf: not a PDF'] } }));
    const job = await new BedrockIngestionJobs(client, 'KB12345678', 'DS12345678').get('JOB1234567');
    expect(inputs).toEqual([{ knowledgeBaseId: 'KB12345678', dataSourceId: 'DS12345678', ingestionJobId: 'JOB1234567' }]);
    expect(job).toEqual({
      job_id: 'JOB1234567',
      status: 'COMPLETE',
      started_at: '2026-12-07T10:00:00.000Z',
      updated_at: '2026-12-07T10:00:05.000Z',
      statistics: { documents_scanned: 3, documents_new: 2, documents_modified: 1, documents_deleted: 0, documents_failed: 0, metadata_documents_scanned: 1, metadata_documents_modified: 0 },
      failure_reasons: ['notes.pdf: not a PDF'],
    });
  });

  it.each([
    ['start', new ConflictException({ message: 'ongoing job', ...metadata }), 409],
    ['start', new ThrottlingException({ message: 'slow down', ...metadata }), 429],
    ['start', new ResourceNotFoundException({ message: 'no kb', ...metadata }), 502],
    ['get', new ResourceNotFoundException({ message: 'no job', ...metadata }), 404],
  ] as const)('%s: %s becomes %i', async (operation, error, status) => {
    const { client } = clientAnswering(() => error);
    const jobs = new BedrockIngestionJobs(client, 'KB12345678', 'DS12345678');
    await expect(operation === 'start' ? jobs.start() : jobs.get('JOB1234567')).rejects.toMatchObject({ statusCode: status });
  });
});

class RecordedJobs implements IngestionJobs {
  readonly calls: string[] = [];
  async start(description?: string): Promise<IngestionJobView> {
    this.calls.push(`start ${description ?? ''}`.trim());
    return { job_id: 'JOB1234567', status: 'STARTING' };
  }
  async get(jobId: string): Promise<IngestionJobView> {
    this.calls.push(`get ${jobId}`);
    return { job_id: jobId, status: 'IN_PROGRESS' };
  }
}

describe('knowledge sync handler', () => {
  const handlerWith = (jobs: IngestionJobs) => createSyncHandler({ jobs, logger: silentLogger() });

  it('POST /knowledge/sync starts a job and answers 202 with it', async () => {
    // Prepare
    const jobs = new RecordedJobs();
    // Act
    const response = await handlerWith(jobs)(chatEventFactory('{"description":"after upload"}', 'user-1', { resource: '/knowledge/sync', path: '/knowledge/sync' }), contextFactory());
    // Assess
    expect(response.statusCode).toBe(202);
    expect(JSON.parse(response.body)).toEqual({ job_id: 'JOB1234567', status: 'STARTING' });
    expect(jobs.calls).toEqual(['start after upload']);
  });

  it('GET /knowledge/sync/{jobId} answers the job', async () => {
    const jobs = new RecordedJobs();
    const event = chatEventFactory(null, 'user-1', { httpMethod: 'GET', resource: '/knowledge/sync/{jobId}', pathParameters: { jobId: 'JOB1234567' } });
    const response = await handlerWith(jobs)(event, contextFactory());
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ job_id: 'JOB1234567', status: 'IN_PROGRESS' });
  });

  it('refuses a malformed job id, a bad body and a caller without identity', async () => {
    const jobs = new RecordedJobs();
    const handler = handlerWith(jobs);
    const badId = await handler(chatEventFactory(null, 'user-1', { httpMethod: 'GET', pathParameters: { jobId: '../etc' } }), contextFactory());
    const badBody = await handler(chatEventFactory('{"description": 7}'), contextFactory());
    const anonymous = await handler(chatEventFactory(null, null), contextFactory());
    expect([badId.statusCode, badBody.statusCode, anonymous.statusCode]).toEqual([400, 400, 401]);
    expect(jobs.calls).toEqual([]);
  });

  it('accepts an empty body', () => {
    expect(parseSyncRequest(undefined)).toEqual({});
    expect(parseSyncRequest('  ')).toEqual({});
    expect(() => parseSyncRequest('[1]')).toThrow(/JSON object/);
  });
});

describe('readSyncConfig', () => {
  it('reads the knowledge base and data source ids, refusing anything but Bedrock ids', () => {
    expect(readSyncConfig({ KNOWLEDGE_BASE_ID: 'KB12345678', DATA_SOURCE_ID: 'DS12345678' })).toEqual({ knowledgeBaseId: 'KB12345678', dataSourceId: 'DS12345678' });
    expect(() => readSyncConfig({ KNOWLEDGE_BASE_ID: 'KB12345678' })).toThrow(/DATA_SOURCE_ID is required/);
    expect(() => readSyncConfig({ KNOWLEDGE_BASE_ID: 'KB1', DATA_SOURCE_ID: 'DS12345678' })).toThrow(/KNOWLEDGE_BASE_ID must be a Bedrock id/);
  });
});
