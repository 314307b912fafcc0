/**
 * The Overview's knowledge bases: what the template defines (embedding model, production vector
 * store, data sources) and, from the local Bedrock's `bedrock-agent` API, each data source's latest
 * ingestion job, so the page says whether a sync is needed, running or failed.
 */
import { BedrockAgentClient, ListIngestionJobsCommand, type IngestionJobSummary } from '@aws-sdk/client-bedrock-agent';
import type { KnowledgeBaseDefinition } from '../bedrock/knowledgebase/definitions.js';
import { localClientConfig } from '../stack/localClientConfig.js';

export interface KnowledgeBaseRow {
  logicalId: string;
  knowledgeBaseId: string;
  name: string;
  embeddingModel: string;
  storageType: string;
  dataSources: DataSourceRow[];
}

export interface DataSourceRow {
  logicalId: string;
  dataSourceId: string;
  location: string;
  /** The newest ingestion job, `null` when none ran, `undefined` when the local Bedrock did not answer. */
  lastSync?: { status: string; startedAt?: string; statistics?: IngestionJobSummary['statistics'] } | null;
}

export async function knowledgeBaseRows(definitions: KnowledgeBaseDefinition[], bedrockEndpoint: string | undefined): Promise<KnowledgeBaseRow[]> {
  const agent = definitions.length && bedrockEndpoint ? new BedrockAgentClient({ ...localClientConfig(bedrockEndpoint), maxAttempts: 1 }) : undefined;
  try {
    return await Promise.all(definitions.map((definition) => knowledgeBaseRow(definition, agent)));
  } finally {
    agent?.destroy();
  }
}

async function knowledgeBaseRow(definition: KnowledgeBaseDefinition, agent: BedrockAgentClient | undefined): Promise<KnowledgeBaseRow> {
  return {
    logicalId: definition.logicalId,
    knowledgeBaseId: definition.knowledgeBaseId,
    name: definition.name,
    embeddingModel: definition.embeddingModelArn.split('/').pop() ?? definition.embeddingModelArn,
    storageType: definition.storageType,
    dataSources: await Promise.all(
      definition.dataSources.map(async (source) => ({
        logicalId: source.logicalId,
        dataSourceId: source.dataSourceId,
        location: `s3://${source.bucketName}/${source.inclusionPrefixes?.join(', ') ?? ''}`,
        lastSync: agent && (await latestJob(agent, definition.knowledgeBaseId, source.dataSourceId)),
      })),
    ),
  };
}

async function latestJob(agent: BedrockAgentClient, knowledgeBaseId: string, dataSourceId: string): Promise<DataSourceRow['lastSync']> {
  try {
    const page = await agent.send(
      new ListIngestionJobsCommand({ knowledgeBaseId, dataSourceId, sortBy: { attribute: 'STARTED_AT', order: 'DESCENDING' }, maxResults: 1 }),
      { abortSignal: AbortSignal.timeout(1000) },
    );
    const job = page.ingestionJobSummaries?.[0];
    return job ? { status: job.status ?? 'UNKNOWN', startedAt: job.startedAt?.toISOString(), statistics: job.statistics } : null;
  } catch {
    return undefined;
  }
}
