import path from 'node:path';
import type { AsyncInvokeDef, EventRuleDef, EsbuildProperties, FunctionDef, FunctionUrlDef, LoggingDef, RouteDef, SqsEventSourceDef } from './model.js';
import { httpApiCors, IMPLICIT_HTTP_API, IMPLICIT_REST_API } from './buildApis.js';
import { isProps, list, num, str, type Props, type ResolvedResource } from './cfnTypes.js';
import type { S3EventSourceDef } from './buildBuckets.js';

export interface FunctionParts {
  fn: FunctionDef;
  routes: RouteDef[];
  url?: FunctionUrlDef;
  sqsEventSources: SqsEventSourceDef[];
  /** SAM `S3` events, attached to their bucket by the model. */
  s3Events: S3EventSourceDef[];
  /** SAM `EventBridgeRule` events: rules on the default bus targeting this function. */
  eventRules: EventRuleDef[];
  /** Implicit APIs this function's events need (`ServerlessRestApi`, `ServerlessHttpApi`). */
}

interface Lookups {
  baseDir: string;
  apiIdByRef: (ref: string) => string | undefined;
  queueIdByArn: (arn: string) => string | undefined;
  apiKeyRequired: (apiLogicalId: string) => boolean;
  unsupported: string[];
}

/** Builds the FunctionDef of an `AWS::Serverless::Function` and what its `Events` declare. */
export function buildFunction(resource: ResolvedResource, lookups: Lookups): FunctionParts {
  const props = resource.properties;
  const environment = isProps(props.Environment) && isProps(props.Environment.Variables) ? props.Environment.Variables : {};
  if (isProps(props.CodeUri)) lookups.unsupported.push(`${resource.logicalId}: CodeUri in S3 (use a local path)`);
  if (props.Layers) lookups.unsupported.push(`${resource.logicalId}: Layers (bundle dependencies instead)`);
  const fn: FunctionDef = {
    logicalId: resource.logicalId,
    functionName: resource.ref,
    arn: str(resource.attributes.Arn),
    codeDir: path.resolve(lookups.baseDir, typeof props.CodeUri === 'string' ? props.CodeUri : '.'),
    handler: str(props.Handler),
    runtime: str(props.Runtime, 'nodejs22.x'),
    timeout: num(props.Timeout, 3),
    memorySize: num(props.MemorySize, 128),
    environment: Object.fromEntries(Object.entries(environment).map(([k, v]) => [k, str(v)])),
    reservedConcurrency: props.ReservedConcurrentExecutions === undefined ? undefined : num(props.ReservedConcurrentExecutions, 0),
    architectures: list(props.Architectures ?? ['x86_64']).map((a) => str(a)),
    build: esbuildProperties(resource.metadata),
    logging: isProps(props.LoggingConfig) ? loggingConfig(props.LoggingConfig) : undefined,
    asyncInvoke: asyncInvokeConfig(props),
  };
  const parts: FunctionParts = { fn, routes: [], sqsEventSources: [], s3Events: [], eventRules: [] };
  for (const [eventId, event] of Object.entries(isProps(props.Events) ? props.Events : {})) {
    if (isProps(event)) addEvent(parts, eventId, str(event.Type), isProps(event.Properties) ? event.Properties : {}, lookups);
  }
  if (isProps(props.FunctionUrlConfig)) parts.url = functionUrl(resource.logicalId, props.FunctionUrlConfig);
  return parts;
}

function addEvent(parts: FunctionParts, eventId: string, type: string, props: Props, lookups: Lookups): void {
  const fnId = parts.fn.logicalId;
  const auth = isProps(props.Auth) ? props.Auth : {};
  if (type === 'Api' || type === 'HttpApi') {
    const explicit = type === 'Api' ? props.RestApiId : props.ApiId;
    const apiLogicalId = explicit === undefined ? implicitApi(type) : lookups.apiIdByRef(str(explicit));
    if (!apiLogicalId) {
      lookups.unsupported.push(`${fnId}.${eventId}: API ${str(explicit)} is not an AWS::Serverless::Api/HttpApi of this template`);
      return;
    }
    const method = str(props.Method, 'ANY').toUpperCase();
    const streamed = props.ResponseTransferMode !== undefined && str(props.ResponseTransferMode) === 'RESPONSE_STREAM';
    // Response streaming is a REST API feature (API Gateway developer guide, "Stream the integration response", read 2026-12-07).
    if (streamed && type !== 'Api') lookups.unsupported.push(`${fnId}.${eventId}: ResponseTransferMode (REST APIs only; HTTP APIs do not stream)`);
    parts.routes.push({
      apiLogicalId,
      functionLogicalId: fnId,
      method: method === 'X-AMAZON-APIGATEWAY-ANY-METHOD' ? 'ANY' : method,
      path: str(props.Path, '/$default'),
      apiKeyRequired: typeof auth.ApiKeyRequired === 'boolean' ? auth.ApiKeyRequired : lookups.apiKeyRequired(apiLogicalId),
      authorizer: auth.Authorizer === undefined ? undefined : str(auth.Authorizer),
      payloadFormatVersion: type === 'Api' ? '1.0' : (str(props.PayloadFormatVersion, '2.0') as '1.0' | '2.0'),
      eventId,
      ...(streamed && type === 'Api' ? { responseTransferMode: 'STREAM' as const } : {}),
    });
  } else if (type === 'SQS') {
    const queueArn = str(props.Queue);
    const queueLogicalId = lookups.queueIdByArn(queueArn);
    if (!queueLogicalId) {
      lookups.unsupported.push(`${fnId}.${eventId}: SQS queue ${queueArn} is not an AWS::SQS::Queue of this template`);
      return;
    }
    const scaling = isProps(props.ScalingConfig) ? props.ScalingConfig : {};
    parts.sqsEventSources.push({
      functionLogicalId: fnId,
      eventId,
      queueLogicalId,
      queueArn,
      batchSize: num(props.BatchSize, 10),
      maximumBatchingWindowInSeconds: num(props.MaximumBatchingWindowInSeconds, 0),
      reportBatchItemFailures: list(props.FunctionResponseTypes).includes('ReportBatchItemFailures'),
      maximumConcurrency: scaling.MaximumConcurrency === undefined ? undefined : num(scaling.MaximumConcurrency, 2),
      enabled: props.Enabled !== false,
    });
  } else if ((type === 'EventBridgeRule' || type === 'CloudWatchEvent') && isProps(props.Pattern) && (props.EventBusName === undefined || props.EventBusName === 'default')) {
    parts.eventRules.push({ id: `${fnId}.${eventId}`, pattern: props.Pattern, targets: [{ type: 'function', functionLogicalId: fnId }] });
  } else if (type === 'S3') {
    parts.s3Events.push({ functionLogicalId: fnId, functionArn: parts.fn.arn, eventId, bucketName: str(props.Bucket), events: list(props.Events).map((e) => str(e)), filter: props.Filter });
  } else {
    lookups.unsupported.push(`${fnId}.${eventId}: event type ${type} (invoke it with 'genai-kit invoke ${fnId} --event <file>')`);
  }
}

function implicitApi(type: string): string {
  return type === 'Api' ? IMPLICIT_REST_API : IMPLICIT_HTTP_API;
}

function functionUrl(functionLogicalId: string, config: Props): FunctionUrlDef {
  return {
    functionLogicalId,
    invokeMode: config.InvokeMode === 'RESPONSE_STREAM' ? 'RESPONSE_STREAM' : 'BUFFERED',
    authType: config.AuthType === 'NONE' ? 'NONE' : 'AWS_IAM',
    cors: httpApiCors(config.Cors),
  };
}

function loggingConfig(config: Props): LoggingDef {
  return {
    format: config.LogFormat === 'JSON' ? 'JSON' : 'Text',
    applicationLogLevel: config.ApplicationLogLevel === undefined ? undefined : str(config.ApplicationLogLevel),
    logGroup: config.LogGroup === undefined ? undefined : str(config.LogGroup),
  };
}

function esbuildProperties(metadata: Props): EsbuildProperties | undefined {
  if (metadata.BuildMethod !== 'esbuild') return undefined;
  const props = isProps(metadata.BuildProperties) ? metadata.BuildProperties : {};
  return {
    method: 'esbuild',
    entryPoints: list(props.EntryPoints).map((e) => str(e)),
    format: props.Format === 'esm' ? 'esm' : props.Format === 'cjs' ? 'cjs' : undefined,
    target: props.Target === undefined ? undefined : str(props.Target),
    // SAM's default: minified unless `Minify: false`.
    minify: props.Minify !== false,
    sourcemap: props.Sourcemap === true,
    external: list(props.External).map((e) => str(e)),
  };
}

/** `EventInvokeConfig` (retries, `DestinationConfig.OnFailure`) and `DeadLetterQueue`, when either is set. */
function asyncInvokeConfig(props: Props): AsyncInvokeDef | undefined {
  const config = isProps(props.EventInvokeConfig) ? props.EventInvokeConfig : undefined;
  const dlq = isProps(props.DeadLetterQueue) && str(props.DeadLetterQueue.Type) === 'SQS' ? str(props.DeadLetterQueue.TargetArn) : undefined;
  if (!config && !dlq) return undefined;
  const destination = config && isProps(config.DestinationConfig) && isProps(config.DestinationConfig.OnFailure) ? config.DestinationConfig.OnFailure : undefined;
  return {
    maximumRetryAttempts: num(config?.MaximumRetryAttempts, 2),
    maximumEventAgeInSeconds: config?.MaximumEventAgeInSeconds === undefined ? undefined : num(config.MaximumEventAgeInSeconds, 21600),
    onFailure: destination ? { type: str(destination.Type), arn: str(destination.Destination) } : undefined,
    deadLetterQueueArn: dlq,
  };
}
