/**
 * The AWS SDK clients, created once per container (module scope) and reused by every invocation.
 *
 * Endpoints: the SDK (v3.1164 here) reads `AWS_ENDPOINT_URL_BEDROCK_RUNTIME`,
 * `AWS_ENDPOINT_URL_DYNAMODB`, … (and `AWS_ENDPOINT_URL`) on its own, so the same code talks to AWS
 * when deployed and to the local stack when the local runtime sets those variables: no local branch.
 * Retries: the SDK's retry strategy (exponential backoff with jitter, throttling-aware), configured
 * from `AWS_MAX_ATTEMPTS` / `AWS_RETRY_MODE`; no hand-written retry loops anywhere.
 */
import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { SFNClient } from '@aws-sdk/client-sfn';
import { readSdkRetryConfig } from './config.js';

let bedrockRuntime: BedrockRuntimeClient | undefined;
let bedrockAgentRuntime: BedrockAgentRuntimeClient | undefined;
let dynamoDocument: DynamoDBDocumentClient | undefined;
let sqs: SQSClient | undefined;
let sfn: SFNClient | undefined;

/** The Bedrock runtime client (Converse, ConverseStream) of this container. */
export function bedrockRuntimeClient(): BedrockRuntimeClient {
  bedrockRuntime ??= new BedrockRuntimeClient({ ...readSdkRetryConfig() });
  return bedrockRuntime;
}

/**
 * The Bedrock agent runtime client (knowledge bases: Retrieve, RetrieveAndGenerate) of this container
 * (`AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME` points it at the local fake Bedrock).
 */
export function bedrockAgentRuntimeClient(): BedrockAgentRuntimeClient {
  bedrockAgentRuntime ??= new BedrockAgentRuntimeClient({ ...readSdkRetryConfig() });
  return bedrockAgentRuntime;
}

/** The DynamoDB document client of this container; `undefined` attributes are left out of items. */
export function dynamoDocumentClient(): DynamoDBDocumentClient {
  dynamoDocument ??= DynamoDBDocumentClient.from(new DynamoDBClient({ ...readSdkRetryConfig() }), {
    marshallOptions: { removeUndefinedValues: true },
  });
  return dynamoDocument;
}

/** The SQS client of this container (`AWS_ENDPOINT_URL_SQS` points it at the local queue server). */
export function sqsClient(): SQSClient {
  sqs ??= new SQSClient({ ...readSdkRetryConfig() });
  return sqs;
}

/**
 * The Step Functions client of this container (`AWS_ENDPOINT_URL_SFN` points it at the local
 * service). Only `StartSyncExecution` uses a `sync-` host prefix; this app does not call it.
 */
export function sfnClient(): SFNClient {
  sfn ??= new SFNClient({ ...readSdkRetryConfig() });
  return sfn;
}
