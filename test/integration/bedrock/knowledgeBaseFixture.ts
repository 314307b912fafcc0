import { BedrockAgentClient, GetIngestionJobCommand, StartIngestionJobCommand, type IngestionJob } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { CreateBucketCommand, DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import type { DataSourceDefinition, KnowledgeBaseDefinition } from '../../../local/bedrock/knowledgebase/definitions.js';
import { startS3Server, type RunningS3 } from '../../../local/s3/index.js';

export const KB_ID = 'KBLOCAL001';
export const DS_ID = 'DSLOCAL001';
export const BUCKET = 'kb-documents';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A knowledge base over {@link BUCKET} (Titan Text Embeddings v2, 1024 dimensions) with one data source. */
export function knowledgeBaseDefinition(dataSource: Partial<DataSourceDefinition> = {}): KnowledgeBaseDefinition {
  return {
    knowledgeBaseId: KB_ID,
    logicalId: 'DocsKnowledgeBase',
    name: 'docs',
    roleArn: 'arn:aws:iam::000000000000:role/kb-role',
    embeddingModelArn: 'arn:aws:bedrock:us-east-1::foundation-model/amazon.titan-embed-text-v2:0',
    dimensions: 1024,
    storageType: 'S3_VECTORS',
    dataSources: [{ dataSourceId: DS_ID, logicalId: 'DocsDataSource', name: 'docs-s3', bucketName: BUCKET, ...dataSource }],
  };
}

export interface KnowledgeBaseFixture {
  readonly s3: RunningS3;
  readonly bedrock: RunningBedrock;
  readonly s3Client: S3Client;
  readonly agent: BedrockAgentClient;
  readonly runtime: BedrockAgentRuntimeClient;
  put(key: string, body: string | Uint8Array): Promise<void>;
  remove(key: string): Promise<void>;
  /** Starts an ingestion job and polls GetIngestionJob until it ends. */
  ingest(): Promise<IngestionJob>;
}

/** The local S3 (port 0) with {@link BUCKET}, a fake Bedrock with the knowledge base, and SDK clients, for one test file. */
export function knowledgeBaseFixture(definition: KnowledgeBaseDefinition = knowledgeBaseDefinition()): KnowledgeBaseFixture {
  const state = {} as { s3: RunningS3; bedrock: RunningBedrock; s3Client: S3Client; agent: BedrockAgentClient; runtime: BedrockAgentRuntimeClient };
  beforeAll(async () => {
    state.s3 = await startS3Server({ port: 0 });
    state.bedrock = await startBedrockServer({ knowledgeBases: [definition], s3Endpoint: state.s3.url });
    state.s3Client = new S3Client({ region: 'us-east-1', endpoint: state.s3.url, forcePathStyle: true, credentials });
    await state.s3Client.send(new CreateBucketCommand({ Bucket: BUCKET }));
    state.agent = new BedrockAgentClient({ region: 'us-east-1', endpoint: state.bedrock.url, credentials, maxAttempts: 1 });
    state.runtime = new BedrockAgentRuntimeClient({ region: 'us-east-1', endpoint: state.bedrock.url, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    state.agent?.destroy();
    state.runtime?.destroy();
    state.s3Client?.destroy();
    await state.bedrock?.close();
    await state.s3?.close();
  });
  return {
    get s3() {
      return state.s3;
    },
    get bedrock() {
      return state.bedrock;
    },
    get s3Client() {
      return state.s3Client;
    },
    get agent() {
      return state.agent;
    },
    get runtime() {
      return state.runtime;
    },
    async put(key, body) {
      await state.s3Client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
    },
    async remove(key) {
      await state.s3Client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: key }));
    },
    async ingest() {
      const { ingestionJob } = await state.agent.send(new StartIngestionJobCommand({ knowledgeBaseId: definition.knowledgeBaseId, dataSourceId: definition.dataSources[0].dataSourceId }));
      for (;;) {
        const { ingestionJob: job } = await state.agent.send(
          new GetIngestionJobCommand({ knowledgeBaseId: definition.knowledgeBaseId, dataSourceId: definition.dataSources[0].dataSourceId, ingestionJobId: ingestionJob!.ingestionJobId }),
        );
        if (job?.status === 'COMPLETE' || job?.status === 'FAILED') return job;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
  };
}
