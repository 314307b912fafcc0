/**
 * A knowledge base as the template defines it (`AWS::Bedrock::KnowledgeBase` and its
 * `AWS::Bedrock::DataSource`s), resolved to local ids and buckets. The stack builds these from the
 * template and hands them to the fake Bedrock, which creates them at start; the fake reads the data
 * sources' objects through the S3 API (`s3Endpoint`), so it works in its own container too.
 */
export interface KnowledgeBaseDefinition {
  /** 10 upper-case alphanumeric characters, as AWS's (`!Ref` and `!GetAtt KnowledgeBaseId` resolve to it). */
  knowledgeBaseId: string;
  /** The template's logical id. */
  logicalId: string;
  name: string;
  description?: string;
  roleArn: string;
  /** `KnowledgeBaseConfiguration.VectorKnowledgeBaseConfiguration.EmbeddingModelArn`. */
  embeddingModelArn: string;
  /** `EmbeddingModelConfiguration.BedrockEmbeddingModelConfiguration.Dimensions`, when set. */
  dimensions?: number;
  /** The production vector store's type (`S3_VECTORS`, `OPENSEARCH_SERVERLESS`, …), shown as-is; the local index replaces it. */
  storageType: string;
  dataSources: DataSourceDefinition[];
}

export interface DataSourceDefinition {
  /** 10 upper-case alphanumeric characters (`!GetAtt DataSourceId`). */
  dataSourceId: string;
  logicalId: string;
  name: string;
  description?: string;
  /** The S3 data source's bucket (its local name) and inclusion prefixes. */
  bucketName: string;
  inclusionPrefixes?: string[];
  /**
   * `VectorIngestionConfiguration.ChunkingConfiguration` with the SDK's camelCase member names
   * (`{ chunkingStrategy: 'FIXED_SIZE', fixedSizeChunkingConfiguration: { maxTokens, overlapPercentage } }`);
   * undefined means Bedrock's default (FIXED_SIZE, 300 tokens, 20 % overlap).
   */
  chunkingConfiguration?: Record<string, unknown>;
  /** `RETAIN` or `DELETE` (default `DELETE`). */
  dataDeletionPolicy?: string;
}
