import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LOCAL_ACCOUNT_ID, type QueueDef, type SecondaryIndexDef, type StateMachineDef, type TableDef } from './model.js';
import { isProps, list, str, type Props, type ResolvedResource } from './cfnTypes.js';
import { TemplateError } from './errors.js';
import { parseCfnYaml } from './cfnYaml.js';

/** Builds a TableDef from `AWS::DynamoDB::Table` or `AWS::Serverless::SimpleTable`. */
export function buildTable(resource: ResolvedResource): TableDef {
  const props = resource.properties;
  const base = { logicalId: resource.logicalId, tableName: resource.ref, arn: str(resource.attributes.Arn) };
  if (resource.type === 'AWS::Serverless::SimpleTable') {
    const key = isProps(props.PrimaryKey) ? props.PrimaryKey : { Name: 'id', Type: 'String' };
    const type = ({ String: 'S', Number: 'N', Binary: 'B' } as const)[str(key.Type, 'String') as 'String'] ?? 'S';
    return {
      ...base,
      attributeDefinitions: [{ AttributeName: str(key.Name), AttributeType: type }],
      keySchema: [{ AttributeName: str(key.Name), KeyType: 'HASH' }],
      globalSecondaryIndexes: [],
      localSecondaryIndexes: [],
      billingMode: 'PAY_PER_REQUEST',
    };
  }
  const ttl = isProps(props.TimeToLiveSpecification) ? props.TimeToLiveSpecification : {};
  const stream = isProps(props.StreamSpecification) ? props.StreamSpecification : {};
  return {
    ...base,
    attributeDefinitions: list(props.AttributeDefinitions) as TableDef['attributeDefinitions'],
    keySchema: list(props.KeySchema) as TableDef['keySchema'],
    globalSecondaryIndexes: list(props.GlobalSecondaryIndexes).map(secondaryIndex),
    localSecondaryIndexes: list(props.LocalSecondaryIndexes).map(secondaryIndex),
    billingMode: props.BillingMode === 'PROVISIONED' ? 'PROVISIONED' : 'PAY_PER_REQUEST',
    ttlAttribute: ttl.Enabled === true ? str(ttl.AttributeName) : undefined,
    streamViewType: stream.StreamViewType === undefined ? undefined : str(stream.StreamViewType),
  };
}

function secondaryIndex(value: unknown): SecondaryIndexDef {
  const props = isProps(value) ? value : {};
  return {
    IndexName: str(props.IndexName),
    KeySchema: list(props.KeySchema) as SecondaryIndexDef['KeySchema'],
    Projection: (isProps(props.Projection) ? props.Projection : { ProjectionType: 'ALL' }) as SecondaryIndexDef['Projection'],
  };
}

const QUEUE_ATTRIBUTES = [
  'ContentBasedDeduplication',
  'DeduplicationScope',
  'DelaySeconds',
  'FifoQueue',
  'FifoThroughputLimit',
  'KmsDataKeyReusePeriodSeconds',
  'MaximumMessageSize',
  'MessageRetentionPeriod',
  'ReceiveMessageWaitTimeSeconds',
  'RedriveAllowPolicy',
  'RedrivePolicy',
  'VisibilityTimeout',
];

/** Builds a QueueDef from `AWS::SQS::Queue`; attributes become `CreateQueue` strings. */
export function buildQueue(resource: ResolvedResource): QueueDef {
  const attributes: Record<string, string> = {};
  for (const name of QUEUE_ATTRIBUTES) {
    const value = resource.properties[name];
    if (value !== undefined) attributes[name] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return {
    logicalId: resource.logicalId,
    queueName: str(resource.attributes.QueueName),
    arn: str(resource.attributes.Arn),
    fifo: attributes.FifoQueue === 'true',
    attributes,
  };
}

/**
 * Builds a StateMachineDef: the definition from `Definition`, `DefinitionUri` (a local file) or
 * `DefinitionString`, with `DefinitionSubstitutions` applied.
 */
export function buildStateMachine(resource: ResolvedResource, baseDir: string): StateMachineDef {
  const props = resource.properties;
  const substitutions = isProps(props.DefinitionSubstitutions) ? props.DefinitionSubstitutions : {};
  const definition = substitute(readDefinition(resource.logicalId, props, baseDir), substitutions);
  if (!isProps(definition)) throw new TemplateError(`${resource.logicalId}: the state machine definition is not an object`);
  return {
    logicalId: resource.logicalId,
    name: str(resource.attributes.Name),
    arn: str(resource.attributes.Arn),
    type: props.Type === 'EXPRESS' ? 'EXPRESS' : 'STANDARD',
    definition,
    roleArn: str(props.Role, `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${str(resource.attributes.Name)}-role`),
  };
}

function readDefinition(logicalId: string, props: Props, baseDir: string): unknown {
  if (props.Definition !== undefined) return props.Definition;
  if (typeof props.DefinitionString === 'string') return JSON.parse(props.DefinitionString);
  if (typeof props.DefinitionUri === 'string') {
    const file = path.resolve(baseDir, props.DefinitionUri);
    try {
      return parseCfnYaml(readFileSync(file, 'utf8'));
    } catch (error) {
      throw new TemplateError(`${logicalId}: cannot read DefinitionUri ${file}: ${(error as Error).message}`, { cause: error });
    }
  }
  throw new TemplateError(`${logicalId}: no Definition, DefinitionUri or DefinitionString`);
}

/** Replaces `${Name}` placeholders in every string of the definition. */
function substitute(value: unknown, substitutions: Props): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z0-9_]+)\}/g, (match, name: string) => (name in substitutions ? str(substitutions[name]) : match));
  }
  if (Array.isArray(value)) return value.map((item) => substitute(item, substitutions));
  if (isProps(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, substitutions)]));
  return value;
}
