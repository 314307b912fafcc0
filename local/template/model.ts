/**
 * The typed model of a SAM template, as the rest of `local/` sees it.
 *
 * `loadTemplate()` builds it from `template.yaml` (Globals applied, Parameters defaulted,
 * Conditions evaluated, intrinsics resolved to local names and ARNs). Nothing else in
 * `local/` reads the YAML.
 */
import type { KnowledgeBaseDefinition } from '../bedrock/knowledgebase/definitions.js';

/** Local account id and region used for every ARN the kit makes. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'us-east-1';

export interface TemplateModel {
  /** Absolute path of the template file. */
  templatePath: string;
  /** Directory the template lives in; `CodeUri` and `DefinitionUri` are relative to it. */
  baseDir: string;
  functions: FunctionDef[];
  apis: ApiDef[];
  routes: RouteDef[];
  functionUrls: FunctionUrlDef[];
  tables: TableDef[];
  queues: QueueDef[];
  sqsEventSources: SqsEventSourceDef[];
  stateMachines: StateMachineDef[];
  /** `AWS::Bedrock::Guardrail` resources (with their `AWS::Bedrock::GuardrailVersion`s), for the fake Bedrock. */
  guardrails?: GuardrailDef[];
  /**
   * `AWS::Bedrock::KnowledgeBase` resources with their S3 `AWS::Bedrock::DataSource`s, local ids
   * (10 upper-case alphanumerics, stable across starts), for the fake Bedrock.
   */
  knowledgeBases?: KnowledgeBaseDefinition[];
  /** `AWS::S3::Bucket` resources with their CORS, versioning and notifications (SAM `S3` events folded in). */
  buckets?: BucketDef[];
  /** EventBridge rules on the default bus (`AWS::Events::Rule`, SAM `EventBridgeRule` events of functions and state machines). */
  eventRules?: EventRuleDef[];
  /** Resources and properties the kit does not emulate, said at start, never silently ignored. */
  unsupported: string[];
  /** Parameter values (overrides, else defaults) as the template was read with them. */
  parameters?: Record<string, unknown>;
}

export interface FunctionDef {
  logicalId: string;
  /** `FunctionName` if the template sets it, else `<stack>-<LogicalId>` like CloudFormation. */
  functionName: string;
  arn: string;
  /** Absolute directory of `CodeUri`. */
  codeDir: string;
  /** `Handler` as written, e.g. `handler.handler` or `src/chat/handler.handler`. */
  handler: string;
  runtime: string;
  /** Seconds. */
  timeout: number;
  memorySize: number;
  /** The function's environment variables, intrinsics resolved to local values. */
  environment: Record<string, string>;
  reservedConcurrency?: number;
  architectures: string[];
  /** From `Metadata.BuildMethod` / `BuildProperties` (esbuild). */
  build?: EsbuildProperties;
  /** `LoggingConfig`: JSON logs and their level, a log group of its own. */
  logging?: LoggingDef;
  /** How asynchronous invocations (S3 events…) are retried and where failures go (`EventInvokeConfig`, `DeadLetterQueue`). */
  asyncInvoke?: AsyncInvokeDef;
}

export interface AsyncInvokeDef {
  /** 0–2; Lambda's default is 2. */
  maximumRetryAttempts: number;
  maximumEventAgeInSeconds?: number;
  /** `DestinationConfig.OnFailure` (an SQS queue, a function…): its type and ARN. */
  onFailure?: { type: string; arn: string };
  /** `DeadLetterQueue` of type SQS: the queue's ARN. */
  deadLetterQueueArn?: string;
}

export interface LoggingDef {
  format: 'Text' | 'JSON';
  /** `ApplicationLogLevel` (JSON format only): TRACE, DEBUG, INFO, WARN, ERROR, FATAL. */
  applicationLogLevel?: string;
  logGroup?: string;
}

export interface EsbuildProperties {
  method: 'esbuild';
  entryPoints: string[];
  format?: 'esm' | 'cjs';
  target?: string;
  /** `Minify` (SAM's default: true). */
  minify?: boolean;
  sourcemap?: boolean;
  external?: string[];
}

export type ApiKind = 'REST' | 'HTTP';

export interface ApiDef {
  logicalId: string;
  kind: ApiKind;
  /** Stage name (`StageName` for REST, `$default` for HTTP APIs unless set). */
  stage: string;
  /** API Gateway id the kit makes up for ARNs and request contexts. */
  apiId: string;
  apiKeyRequired: boolean;
  defaultAuthorizer?: string;
  authorizers: AuthorizerDef[];
  cors?: CorsDef;
  binaryMediaTypes: string[];
  stageVariables: Record<string, string>;
  usagePlan?: UsagePlanDef;
  /**
   * `ApiKeySourceType` (REST): `HEADER` (default) reads the key from `x-api-key`; `AUTHORIZER` takes
   * the `usageIdentifierKey` of the Lambda authorizer's answer.
   */
  apiKeySource?: 'HEADER' | 'AUTHORIZER';
  /** REST `EndpointConfiguration` type (CloudFormation's default is `EDGE`); HTTP APIs are regional. */
  endpointType?: 'EDGE' | 'REGIONAL' | 'PRIVATE';
}

export interface AuthorizerDef {
  name: string;
  /** TOKEN and REQUEST for REST APIs; REQUEST for HTTP APIs (payload 1.0 or 2.0). */
  type: 'TOKEN' | 'REQUEST';
  functionLogicalId: string;
  /** For TOKEN: the header name (default `Authorization`). */
  identityHeader?: string;
  /** For REQUEST: identity sources like `method.request.header.Authorization` or `$request.header.Authorization`. */
  identitySources: string[];
  validationExpression?: string;
  /** Seconds; API Gateway's default is 300, 0 turns caching off. */
  resultTtlInSeconds: number;
  /** HTTP API: simple `{isAuthorized, context}` responses. */
  enableSimpleResponses?: boolean;
  payloadFormatVersion?: '1.0' | '2.0';
}

export interface CorsDef {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials: boolean;
}

export interface UsagePlanDef {
  throttle?: { burstLimit?: number; rateLimit?: number };
  quota?: { limit: number; period: 'DAY' | 'WEEK' | 'MONTH'; offset?: number };
}

export interface RouteDef {
  apiLogicalId: string;
  functionLogicalId: string;
  /** Upper case, or `ANY`. */
  method: string;
  /** As in the template: `/tasks/{id}`, `/{proxy+}`. */
  path: string;
  apiKeyRequired: boolean;
  /** Authorizer name, or undefined for none (`NONE` in the template). */
  authorizer?: string;
  /** `1.0` for REST (always) and `2.0` by default for HTTP APIs. */
  payloadFormatVersion: '1.0' | '2.0';
  /** Event logical id inside the function's `Events`. */
  eventId: string;
  /**
   * REST Lambda proxy integrations: `STREAM` (SAM `ResponseTransferMode: RESPONSE_STREAM`, the
   * integration's `responseTransferMode: STREAM`) invokes with response streaming; default `BUFFERED`.
   */
  responseTransferMode?: 'BUFFERED' | 'STREAM';
}

export interface FunctionUrlDef {
  functionLogicalId: string;
  invokeMode: 'BUFFERED' | 'RESPONSE_STREAM';
  authType: 'AWS_IAM' | 'NONE';
  cors?: CorsDef;
}

export interface TableDef {
  logicalId: string;
  tableName: string;
  arn: string;
  attributeDefinitions: { AttributeName: string; AttributeType: 'S' | 'N' | 'B' }[];
  keySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  globalSecondaryIndexes: SecondaryIndexDef[];
  localSecondaryIndexes: SecondaryIndexDef[];
  billingMode: 'PAY_PER_REQUEST' | 'PROVISIONED';
  ttlAttribute?: string;
  streamViewType?: string;
}

export interface SecondaryIndexDef {
  IndexName: string;
  KeySchema: { AttributeName: string; KeyType: 'HASH' | 'RANGE' }[];
  Projection: { ProjectionType?: 'ALL' | 'KEYS_ONLY' | 'INCLUDE'; NonKeyAttributes?: string[] };
}

export interface QueueDef {
  logicalId: string;
  queueName: string;
  arn: string;
  fifo: boolean;
  /** SQS attributes as strings, as `CreateQueue` takes them (VisibilityTimeout, RedrivePolicy as JSON, …). */
  attributes: Record<string, string>;
}

export interface SqsEventSourceDef {
  functionLogicalId: string;
  eventId: string;
  queueLogicalId: string;
  queueArn: string;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  reportBatchItemFailures: boolean;
  maximumConcurrency?: number;
  enabled: boolean;
}

export interface StateMachineDef {
  logicalId: string;
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  /** The ASL definition, `DefinitionSubstitutions` applied, intrinsics resolved. */
  definition: Record<string, unknown>;
  roleArn: string;
}

export interface GuardrailDef {
  logicalId: string;
  /** Local id: 12 lowercase alphanumerics, as AWS makes them. */
  id: string;
  arn: string;
  /** Versions published by the template's `AWS::Bedrock::GuardrailVersion` resources (`"1"`, `"2"`, …). */
  versions: string[];
  /** The resource's properties, intrinsics resolved (`BlockedInputMessaging`, `ContentPolicyConfig`, …). */
  properties: Record<string, unknown>;
}

/** A bucket notification: which events (and key prefix/suffix) go to which function or queue. */
export interface BucketNotificationDef {
  /** `<function>.<event id>` for SAM S3 events, the configuration's `Id` or its index otherwise. */
  id: string;
  target: { type: 'function'; functionLogicalId: string; arn: string } | { type: 'queue'; arn: string };
  /** `s3:ObjectCreated:*`, `s3:ObjectCreated:Put`, `s3:ObjectRemoved:*`… */
  events: string[];
  prefix?: string;
  suffix?: string;
}

export interface BucketDef {
  logicalId: string;
  bucketName: string;
  arn: string;
  /** `CorsConfiguration.CorsRules` in the S3 API's shape (`PutBucketCors`). */
  corsRules: { ID?: string; AllowedHeaders?: string[]; AllowedMethods: string[]; AllowedOrigins: string[]; ExposeHeaders?: string[]; MaxAgeSeconds?: number }[];
  versioning?: 'Enabled' | 'Suspended';
  notifications: BucketNotificationDef[];
  /** `NotificationConfiguration.EventBridgeConfiguration.EventBridgeEnabled`. */
  eventBridge: boolean;
}

/** An EventBridge rule: its event pattern and the functions or state machines it targets. */
export interface EventRuleDef {
  /** `<LogicalId>` of an `AWS::Events::Rule`, or `<Function|StateMachine>.<event id>` for SAM events. */
  id: string;
  pattern: Record<string, unknown>;
  targets: ({ type: 'function'; functionLogicalId: string } | { type: 'stateMachine'; arn: string })[];
}
