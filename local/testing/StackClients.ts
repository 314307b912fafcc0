import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { BedrockRuntimeClient } from '@aws-sdk/client-bedrock-runtime';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Endpoints } from '../stack/endpointsFile.js';
import { localClientConfig } from '../stack/localClientConfig.js';
import { NotInStackError } from './errors.js';

type ServiceKey = 'dynamodb' | 'sqs' | 'stepfunctions' | 's3' | 'bedrock';
interface Destroyable {
  destroy(): void;
}

/**
 * AWS SDK v3 clients configured for the local stack (its endpoint, region, local credentials),
 * made on first use. A client of a service the template does not use throws `NotInStackError`.
 */
export class StackClients {
  private readonly made = new Map<string, Destroyable>();

  constructor(private readonly endpoints: Endpoints) {}

  /** A DynamoDB DocumentClient (plain JavaScript values; `removeUndefinedValues`). */
  get dynamodb(): DynamoDBDocumentClient {
    return this.client('dynamodb', 'dynamodb', (endpoint) =>
      DynamoDBDocumentClient.from(new DynamoDBClient(localClientConfig(endpoint)), { marshallOptions: { removeUndefinedValues: true } }),
    );
  }

  get sqs(): SQSClient {
    return this.client('sqs', 'sqs', (endpoint) => new SQSClient(localClientConfig(endpoint)));
  }

  get sfn(): SFNClient {
    return this.client('sfn', 'stepfunctions', (endpoint) => new SFNClient({ ...localClientConfig(endpoint), disableHostPrefix: true }));
  }

  /** Path-style addressing (`http://127.0.0.1:9000/<bucket>/<key>`), as the local S3 serves. */
  get s3(): S3Client {
    return this.client('s3', 's3', (endpoint) => new S3Client({ ...localClientConfig(endpoint), forcePathStyle: true }));
  }

  get bedrockRuntime(): BedrockRuntimeClient {
    return this.client('bedrockRuntime', 'bedrock', (endpoint) => new BedrockRuntimeClient(localClientConfig(endpoint)));
  }

  get bedrockAgentRuntime(): BedrockAgentRuntimeClient {
    return this.client('bedrockAgentRuntime', 'bedrock', (endpoint) => new BedrockAgentRuntimeClient(localClientConfig(endpoint)));
  }

  /** Closes every client made (their sockets). */
  destroy(): void {
    for (const client of this.made.values()) client.destroy();
    this.made.clear();
  }

  private client<T extends Destroyable>(name: string, service: ServiceKey, make: (endpoint: string) => T): T {
    const existing = this.made.get(name);
    if (existing) return existing as T;
    const endpoint = this.endpoints[service];
    if (!endpoint) throw new NotInStackError(`clients.${name}: this stack runs no ${service} (the template uses none)`);
    const client = make(endpoint);
    this.made.set(name, client);
    return client;
  }
}
