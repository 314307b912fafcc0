/**
 * The knowledge base's ingestion jobs, on its one data source: start one (Bedrock scans the data
 * source and indexes what changed) and read one's status and statistics.
 */
import { GetIngestionJobCommand, StartIngestionJobCommand, type BedrockAgentClient, type IngestionJob } from '@aws-sdk/client-bedrock-agent';
import { awsErrorCode } from '../../lib/awsErrors.js';
import { ConflictError, NotFoundError, type HttpError } from '../../lib/errors.js';
import { knowledgeBaseHttpError } from '../knowledgeBaseErrors.js';

/** An ingestion job as the API answers it (snake_case, as every route of this API). */
export interface IngestionJobView {
  job_id: string;
  status: string;
  started_at?: string;
  updated_at?: string;
  statistics?: {
    documents_scanned: number;
    documents_new: number;
    documents_modified: number;
    documents_deleted: number;
    documents_failed: number;
    metadata_documents_scanned: number;
    metadata_documents_modified: number;
  };
  failure_reasons?: string[];
}

export interface IngestionJobs {
  start(description?: string): Promise<IngestionJobView>;
  /** @throws NotFoundError for a job id this data source does not have. */
  get(jobId: string): Promise<IngestionJobView>;
}

export function ingestionJobView(job: IngestionJob | undefined): IngestionJobView {
  const stats = job?.statistics;
  return {
    job_id: job?.ingestionJobId ?? '',
    status: job?.status ?? 'STARTING',
    ...(job?.startedAt ? { started_at: job.startedAt.toISOString() } : {}),
    ...(job?.updatedAt ? { updated_at: job.updatedAt.toISOString() } : {}),
    ...(stats
      ? {
          statistics: {
            documents_scanned: stats.numberOfDocumentsScanned ?? 0,
            documents_new: stats.numberOfNewDocumentsIndexed ?? 0,
            documents_modified: stats.numberOfModifiedDocumentsIndexed ?? 0,
            documents_deleted: stats.numberOfDocumentsDeleted ?? 0,
            documents_failed: stats.numberOfDocumentsFailed ?? 0,
            metadata_documents_scanned: stats.numberOfMetadataDocumentsScanned ?? 0,
            metadata_documents_modified: stats.numberOfMetadataDocumentsModified ?? 0,
          },
        }
      : {}),
    ...(job?.failureReasons?.length ? { failure_reasons: job.failureReasons } : {}),
  };
}

/** Bedrock's errors for ingestion jobs → the HTTP error the client sees. */
function ingestionHttpError(error: unknown, jobId?: string): HttpError {
  const code = awsErrorCode(error);
  if (code === 'ConflictException') return new ConflictError('An ingestion job is already running for the knowledge base; retry when it has finished', { cause: error });
  if (code === 'ResourceNotFoundException' && jobId) return new NotFoundError('Ingestion job not found', { cause: error });
  return knowledgeBaseHttpError(error);
}

/** Ingestion jobs through `@aws-sdk/client-bedrock-agent` (StartIngestionJob, GetIngestionJob). */
export class BedrockIngestionJobs implements IngestionJobs {
  constructor(
    private readonly client: BedrockAgentClient,
    private readonly knowledgeBaseId: string,
    private readonly dataSourceId: string,
  ) {}

  async start(description?: string): Promise<IngestionJobView> {
    try {
      const output = await this.client.send(new StartIngestionJobCommand({ knowledgeBaseId: this.knowledgeBaseId, dataSourceId: this.dataSourceId, description }));
      return ingestionJobView(output.ingestionJob);
    } catch (error) {
      throw ingestionHttpError(error);
    }
  }

  async get(jobId: string): Promise<IngestionJobView> {
    try {
      const output = await this.client.send(new GetIngestionJobCommand({ knowledgeBaseId: this.knowledgeBaseId, dataSourceId: this.dataSourceId, ingestionJobId: jobId }));
      return ingestionJobView(output.ingestionJob);
    } catch (error) {
      throw ingestionHttpError(error, jobId);
    }
  }
}
