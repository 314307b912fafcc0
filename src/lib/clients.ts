/**
 * The AWS SDK clients, created once per container (module scope) and reused by every invocation.
 *
 * Endpoints: the SDK (v3.1164 here) reads `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`,
 * `AWS_ENDPOINT_URL_DYNAMODB`, … (and `AWS_ENDPOINT_URL`) on its own, so this code sets no endpoint:
 * each client uses its default regional endpoint unless an `AWS_ENDPOINT_URL_*` variable sets another.
 * Retries: the SDK's retry strategy (exponential backoff with jitter, throttling-aware), configured
 * from `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE`; no hand-written retry loops anywhere.
 */
import { BedrockAgentClient } from '@aws-sdk/client-bedrock-agent';
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { readSdkRetryConfig } from './config.js';

/** A getter that creates its value on the first call and returns that same value afterwards. */
function lazy<T>(create: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= create());
}

/** The Bedrock runtime client (Converse, ConverseStream) of this container. */
export const bedrockRuntimeClient = lazy(() => new BedrockRuntimeClient({ ...readSdkRetryConfig() }));

/**
 * The Bedrock agent runtime client (knowledge bases: Retrieve, RetrieveAndGenerate) of this container
 * (endpoint overridable through `AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME`).
 */
export const bedrockAgentRuntimeClient = lazy(() => new BedrockAgentRuntimeClient({ ...readSdkRetryConfig() }));

/**
 * The Bedrock agent client (knowledge-base ingestion jobs) of this container (endpoint overridable
 * through `AWS_ENDPOINT_URL_BEDROCK_AGENT`).
 */
export const bedrockAgentClient = lazy(() => new BedrockAgentClient({ ...readSdkRetryConfig() }));

/** The DynamoDB document client of this container; `undefined` attributes are left out of items. */
export const dynamoDocumentClient = lazy(() =>
  DynamoDBDocumentClient.from(new DynamoDBClient({ ...readSdkRetryConfig() }), {
    marshallOptions: { removeUndefinedValues: true },
  }),
);

/** The SQS client of this container (endpoint overridable through `AWS_ENDPOINT_URL_SQS`). */
export const sqsClient = lazy(() => new SQSClient({ ...readSdkRetryConfig() }));

/**
 * The Step Functions client of this container (endpoint overridable through `AWS_ENDPOINT_URL_SFN`).
 * Only `StartSyncExecution` uses a `sync-` host prefix; this app does not call it.
 */
export const sfnClient = lazy(() => new SFNClient({ ...readSdkRetryConfig() }));

/** The S3 client of this container (endpoint overridable through `AWS_ENDPOINT_URL_S3`). */
export const s3Client = lazy(() => new S3Client({ ...readSdkRetryConfig() }));

/**
 * The S3 client that presigns upload URLs. Checksums only when required: a presigned PUT has no body
 * at signing time, and the SDK's default would sign the CRC32 of an empty body into the URL.
 */
export const s3PresignClient = lazy(() => new S3Client({ ...readSdkRetryConfig(), requestChecksumCalculation: 'WHEN_REQUIRED' }));
