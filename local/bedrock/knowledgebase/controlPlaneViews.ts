import type { DataSource, DataSourceSummary, KnowledgeBase, KnowledgeBaseSummary } from '@aws-sdk/client-bedrock-agent';
import type { DataSourceDefinition, KnowledgeBaseDefinition } from './definitions.js';

const LOCAL_REGION = process.env.AWS_REGION ?? 'us-east-1';
const LOCAL_ACCOUNT_ID = '000000000000';

/**
 * The control plane's view of the template's knowledge bases and data sources: created (and
 * ACTIVE / AVAILABLE) when the fake started. The production vector store is shown as the template
 * configures it (its type only); the local index stands in for it.
 */
export class ControlPlaneViews {
  private readonly createdAt = new Date();

  knowledgeBase(definition: KnowledgeBaseDefinition): KnowledgeBase {
    return {
      knowledgeBaseId: definition.knowledgeBaseId,
      name: definition.name,
      knowledgeBaseArn: `arn:aws:bedrock:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:knowledge-base/${definition.knowledgeBaseId}`,
      ...(definition.description ? { description: definition.description } : {}),
      roleArn: definition.roleArn,
      knowledgeBaseConfiguration: {
        type: 'VECTOR',
        vectorKnowledgeBaseConfiguration: {
          embeddingModelArn: definition.embeddingModelArn,
          ...(definition.dimensions ? { embeddingModelConfiguration: { bedrockEmbeddingModelConfiguration: { dimensions: definition.dimensions } } } : {}),
        },
      },
      storageConfiguration: { type: definition.storageType as never },
      status: 'ACTIVE',
      createdAt: this.createdAt,
      updatedAt: this.createdAt,
    };
  }

  knowledgeBaseSummary(definition: KnowledgeBaseDefinition): KnowledgeBaseSummary {
    const { knowledgeBaseId, name, description, status, updatedAt } = this.knowledgeBase(definition);
    return { knowledgeBaseId, name, ...(description ? { description } : {}), status, updatedAt };
  }

  dataSource(knowledgeBaseId: string, definition: DataSourceDefinition): DataSource {
    return {
      knowledgeBaseId,
      dataSourceId: definition.dataSourceId,
      name: definition.name,
      status: 'AVAILABLE',
      ...(definition.description ? { description: definition.description } : {}),
      dataSourceConfiguration: {
        type: 'S3',
        s3Configuration: {
          bucketArn: `arn:aws:s3:::${definition.bucketName}`,
          ...(definition.inclusionPrefixes?.length ? { inclusionPrefixes: definition.inclusionPrefixes } : {}),
        },
      },
      ...(definition.chunkingConfiguration ? { vectorIngestionConfiguration: { chunkingConfiguration: definition.chunkingConfiguration as never } } : {}),
      dataDeletionPolicy: (definition.dataDeletionPolicy ?? 'DELETE') as never,
      createdAt: this.createdAt,
      updatedAt: this.createdAt,
    };
  }

  dataSourceSummary(knowledgeBaseId: string, definition: DataSourceDefinition): DataSourceSummary {
    const { dataSourceId, name, status, description, updatedAt } = this.dataSource(knowledgeBaseId, definition);
    return { knowledgeBaseId, dataSourceId, name, status, ...(description ? { description } : {}), updatedAt };
  }
}
