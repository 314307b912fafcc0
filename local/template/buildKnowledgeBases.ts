/**
 * The template's Bedrock knowledge bases: `AWS::Bedrock::KnowledgeBase` and `AWS::Bedrock::DataSource`
 * become `KnowledgeBaseDefinition`s for the fake Bedrock; their production vector store
 * (`AWS::S3Vectors::VectorBucket` and `AWS::S3Vectors::Index`) resolves through `Ref`/`Fn::GetAtt`
 * but is replaced by the fake's local index.
 *
 * `Ref` and attributes, as CloudFormation's template reference gives them (read 2026-12-07):
 * a knowledge base's `Ref` is its id (attributes `KnowledgeBaseId`, `KnowledgeBaseArn`, `Status`, …);
 * a data source's `Ref` is `<knowledge base id>|<data source id>`, its primary identifier (attributes
 * `DataSourceId`, `DataSourceStatus`, …); a vector bucket's `Ref` is its ARN (`VectorBucketArn`), an
 * index's its ARN (`IndexArn`).
 */
import type { DataSourceDefinition, KnowledgeBaseDefinition } from '../bedrock/knowledgebase/definitions.js';
import { isProps, list, num, str, type Props, type ResolvedResource } from './cfnTypes.js';
import { localKnowledgeId } from './localNames.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './model.js';
import { resolveIntrinsics, type IntrinsicContext } from './resolveIntrinsics.js';

const KNOWLEDGE_BASE = 'AWS::Bedrock::KnowledgeBase';
const DATA_SOURCE = 'AWS::Bedrock::DataSource';
const VECTOR_BUCKET = 'AWS::S3Vectors::VectorBucket';
const VECTOR_INDEX = 'AWS::S3Vectors::Index';

export const KNOWLEDGE_BASE_TYPES = [KNOWLEDGE_BASE, DATA_SOURCE, VECTOR_BUCKET, VECTOR_INDEX];

/** Local resources exist from the epoch: stable values, not the start time. */
const CREATED_AT = '1970-01-01T00:00:00.000Z';

const s3VectorsArn = (path: string) => `arn:aws:s3vectors:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:bucket/${path}`;

export function knowledgeBaseArn(knowledgeBaseId: string): string {
  return `arn:aws:bedrock:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:knowledge-base/${knowledgeBaseId}`;
}

/** A lower-case name S3 Vectors accepts (3–63 characters of `[a-z0-9-]`). */
function vectorName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9-]/g, '-').slice(0, 63).replace(/^-+|-+$/g, '');
  return cleaned.length >= 3 ? cleaned : `${cleaned}-vectors`;
}

/**
 * `Ref` and attributes of the resources whose identity depends on nothing else: knowledge bases
 * (ids from the logical id) and vector buckets (named like other buckets). Undefined for other types.
 */
export function knowledgeIdentity(type: string, logicalId: string, explicitName: string | undefined, stackName: string): { ref: string; attributes: Record<string, unknown> } | undefined {
  if (type === KNOWLEDGE_BASE) {
    const id = localKnowledgeId(logicalId);
    return { ref: id, attributes: { KnowledgeBaseId: id, KnowledgeBaseArn: knowledgeBaseArn(id), Status: 'ACTIVE', CreatedAt: CREATED_AT, UpdatedAt: CREATED_AT, FailureReasons: [] } };
  }
  if (type === VECTOR_BUCKET) {
    const arn = s3VectorsArn(vectorName(explicitName ?? `${stackName}-${logicalId}`));
    return { ref: arn, attributes: { VectorBucketArn: arn, CreationTime: CREATED_AT } };
  }
  return undefined;
}

/**
 * `Ref` and attributes of the resources that name another one: an index's ARN includes its vector
 * bucket's name, a data source's `Ref` its knowledge base's id. Defined after every other identity.
 */
export function defineDependentKnowledgeIdentities(resources: [string, Props][], context: IntrinsicContext): void {
  const resolved = (value: unknown): string => {
    try {
      return str(resolveIntrinsics(value, context));
    } catch {
      return ''; // resolved again with the other properties, which reports the error
    }
  };
  for (const [logicalId, resource] of resources) {
    const props = isProps(resource.Properties) ? resource.Properties : {};
    if (resource.Type === VECTOR_INDEX) {
      const bucketArn = resolved(props.VectorBucketArn);
      const bucket = bucketArn ? bucketArn.slice(bucketArn.lastIndexOf('/') + 1) : resolved(props.VectorBucketName);
      const name = props.IndexName === undefined ? vectorName(logicalId) : resolved(props.IndexName);
      const arn = s3VectorsArn(`${bucket}/index/${name}`);
      context.resourceRefs[logicalId] = arn;
      context.attributes[logicalId] = { IndexArn: arn, CreationTime: CREATED_AT };
    }
    if (resource.Type === DATA_SOURCE) {
      const knowledgeBaseId = resolved(props.KnowledgeBaseId);
      const dataSourceId = localKnowledgeId(logicalId);
      context.resourceRefs[logicalId] = `${knowledgeBaseId}|${dataSourceId}`;
      context.attributes[logicalId] = { DataSourceId: dataSourceId, DataSourceStatus: 'AVAILABLE', CreatedAt: CREATED_AT, UpdatedAt: CREATED_AT, FailureReasons: [] };
    }
  }
}

/** CloudFormation's PascalCase property names in the SDK's camelCase (`MaxTokens` → `maxTokens`), values unchanged. */
function camelCaseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelCaseKeys);
  if (!isProps(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key.charAt(0).toLowerCase() + key.slice(1), camelCaseKeys(item)]));
}

const bucketNameOf = (arn: string) => arn.replace(/^arn:[^:]+:s3:::/, '');

function buildDataSource(resource: ResolvedResource, unsupported: string[]): DataSourceDefinition | undefined {
  const props = resource.properties;
  const configuration = isProps(props.DataSourceConfiguration) ? props.DataSourceConfiguration : {};
  if (configuration.Type !== 'S3' || !isProps(configuration.S3Configuration)) {
    unsupported.push(`${resource.logicalId}: data source type ${str(configuration.Type)} (only S3 data sources are ingested locally)`);
    return undefined;
  }
  const s3 = configuration.S3Configuration;
  const ingestion = isProps(props.VectorIngestionConfiguration) ? props.VectorIngestionConfiguration : {};
  for (const key of Object.keys(ingestion).filter((name) => name !== 'ChunkingConfiguration')) {
    unsupported.push(`${resource.logicalId}: VectorIngestionConfiguration.${key}`);
  }
  const prefixes = list(s3.InclusionPrefixes).map((prefix) => str(prefix));
  return {
    dataSourceId: str(resource.attributes.DataSourceId),
    logicalId: resource.logicalId,
    name: str(props.Name, resource.logicalId),
    ...(props.Description === undefined ? {} : { description: str(props.Description) }),
    bucketName: bucketNameOf(str(s3.BucketArn)),
    ...(prefixes.length ? { inclusionPrefixes: prefixes } : {}),
    ...(isProps(ingestion.ChunkingConfiguration) ? { chunkingConfiguration: camelCaseKeys(ingestion.ChunkingConfiguration) as Record<string, unknown> } : {}),
    ...(props.DataDeletionPolicy === undefined ? {} : { dataDeletionPolicy: str(props.DataDeletionPolicy) }),
  };
}

function buildKnowledgeBase(resource: ResolvedResource, dataSources: DataSourceDefinition[], unsupported: string[]): KnowledgeBaseDefinition | undefined {
  const props = resource.properties;
  const configuration = isProps(props.KnowledgeBaseConfiguration) ? props.KnowledgeBaseConfiguration : {};
  const vector = isProps(configuration.VectorKnowledgeBaseConfiguration) ? configuration.VectorKnowledgeBaseConfiguration : undefined;
  if (configuration.Type !== 'VECTOR' || !vector) {
    unsupported.push(`${resource.logicalId}: knowledge base type ${str(configuration.Type)} (only VECTOR knowledge bases are emulated)`);
    return undefined;
  }
  const embedding = isProps(vector.EmbeddingModelConfiguration) && isProps(vector.EmbeddingModelConfiguration.BedrockEmbeddingModelConfiguration) ? vector.EmbeddingModelConfiguration.BedrockEmbeddingModelConfiguration : {};
  const storage = isProps(props.StorageConfiguration) ? props.StorageConfiguration : {};
  return {
    knowledgeBaseId: resource.ref,
    logicalId: resource.logicalId,
    name: str(props.Name, resource.logicalId),
    ...(props.Description === undefined ? {} : { description: str(props.Description) }),
    roleArn: str(props.RoleArn),
    embeddingModelArn: str(vector.EmbeddingModelArn),
    ...(embedding.Dimensions === undefined ? {} : { dimensions: num(embedding.Dimensions, 0) }),
    storageType: str(storage.Type, 'UNKNOWN'),
    dataSources,
  };
}

/** The template's knowledge bases, each with the S3 data sources that name it. */
export function buildKnowledgeBases(resources: ResolvedResource[], unsupported: string[]): KnowledgeBaseDefinition[] {
  const knowledgeBases = resources.filter((resource) => resource.type === KNOWLEDGE_BASE);
  const dataSources = resources.filter((resource) => resource.type === DATA_SOURCE);
  for (const dataSource of dataSources) {
    const knowledgeBaseId = str(dataSource.properties.KnowledgeBaseId);
    if (!knowledgeBases.some((kb) => kb.ref === knowledgeBaseId)) {
      unsupported.push(`${dataSource.logicalId}: knowledge base ${knowledgeBaseId} is not an AWS::Bedrock::KnowledgeBase of this template`);
    }
  }
  return knowledgeBases.flatMap((kb) => {
    const own = dataSources.filter((ds) => str(ds.properties.KnowledgeBaseId) === kb.ref).flatMap((ds) => buildDataSource(ds, unsupported) ?? []);
    return buildKnowledgeBase(kb, own, unsupported) ?? [];
  });
}
