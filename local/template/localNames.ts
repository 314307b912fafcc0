import { localGuardrailId } from '../bedrock/guardrails/GuardrailDefinition.js';
import { LOCAL_ACCOUNT_ID, LOCAL_REGION } from './model.js';

/** Where the local SQS service answers; queue URLs are built from it. */
export interface LocalServiceEndpoints {
  sqs?: string;
}

/** The property holding a resource's explicit physical name, per type. */
const NAME_PROPERTY: Record<string, string> = {
  'AWS::Serverless::Function': 'FunctionName',
  'AWS::Lambda::Function': 'FunctionName',
  'AWS::DynamoDB::Table': 'TableName',
  'AWS::Serverless::SimpleTable': 'TableName',
  'AWS::SQS::Queue': 'QueueName',
  'AWS::Serverless::StateMachine': 'Name',
  'AWS::StepFunctions::StateMachine': 'StateMachineName',
  'AWS::Bedrock::Guardrail': 'Name',
  'AWS::S3::Bucket': 'BucketName',
  'AWS::S3Vectors::VectorBucket': 'VectorBucketName',
};

export function nameProperty(type: string): string | undefined {
  return NAME_PROPERTY[type];
}

/** A deterministic 10-character id (like an API Gateway id) from a logical id. */
function localResourceId(logicalId: string): string {
  let hash = 2166136261;
  for (const char of logicalId) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619) >>> 0;
  return hash.toString(36).padStart(10, '0').slice(-10);
}

/**
 * `Ref` and `Fn::GetAtt` values of one resource in the local stack, named as CloudFormation
 * would name it (`<stack>-<LogicalId>` without the random suffix) unless the template names it.
 */
export function localIdentity(
  type: string,
  logicalId: string,
  explicitName: string | undefined,
  stackName: string,
  endpoints: LocalServiceEndpoints,
): { ref: string; attributes: Record<string, unknown> } {
  const arnPrefix = (service: string) => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}`;
  const name = explicitName ?? `${stackName}-${logicalId}`;
  switch (type) {
    case 'AWS::Serverless::Function':
    case 'AWS::Lambda::Function': {
      const arn = `${arnPrefix('lambda')}:function:${name}`;
      return { ref: name, attributes: { Arn: arn } };
    }
    case 'AWS::DynamoDB::Table':
    case 'AWS::Serverless::SimpleTable': {
      const arn = `${arnPrefix('dynamodb')}:table/${name}`;
      return { ref: name, attributes: { Arn: arn, StreamArn: `${arn}/stream/1970-01-01T00:00:00.000` } };
    }
    case 'AWS::SQS::Queue': {
      const url = `${(endpoints.sqs ?? 'http://127.0.0.1:9324').replace(/\/$/, '')}/${LOCAL_ACCOUNT_ID}/${name}`;
      return { ref: url, attributes: { Arn: `${arnPrefix('sqs')}:${name}`, QueueName: name, QueueUrl: url } };
    }
    case 'AWS::Serverless::StateMachine':
    case 'AWS::StepFunctions::StateMachine': {
      const arn = `${arnPrefix('states')}:stateMachine:${name}`;
      return { ref: arn, attributes: { Arn: arn, Name: name } };
    }
    case 'AWS::Serverless::Api':
    case 'AWS::Serverless::HttpApi':
    case 'AWS::ApiGateway::RestApi':
    case 'AWS::ApiGatewayV2::Api': {
      const id = localResourceId(logicalId);
      return { ref: id, attributes: { RootResourceId: localResourceId(`${logicalId}/`), ApiEndpoint: `http://127.0.0.1:3000` } };
    }
    case 'AWS::S3::Bucket': {
      // CloudFormation names a bucket `<stack>-<logicalid>-<random>` in lower case; locally without the suffix.
      const bucket = explicitName ?? localBucketName(stackName, logicalId);
      return {
        ref: bucket,
        attributes: {
          Arn: `arn:aws:s3:::${bucket}`,
          DomainName: `${bucket}.localhost`,
          RegionalDomainName: `${bucket}.localhost`,
          DualStackDomainName: `${bucket}.localhost`,
          WebsiteURL: `http://${bucket}.localhost`,
        },
      };
    }
    case 'AWS::IAM::Role':
      return { ref: name, attributes: { Arn: `arn:aws:iam::${LOCAL_ACCOUNT_ID}:role/${name}`, RoleId: localResourceId(name) } };
    default:
      return { ref: name, attributes: { Arn: `${arnPrefix(serviceOf(type))}:${name}` } };
  }
}

function serviceOf(type: string): string {
  return (type.split('::')[1] ?? 'unknown').toLowerCase();
}

/** Guardrail ids: the fake Bedrock's own function (its image holds only `local/bedrock/`), so both agree. */
export { localGuardrailId };

/**
 * A deterministic knowledge-base or data-source id in AWS's format (10 characters of `[0-9A-Z]`,
 * e.g. `AB12CD34EF`) from a logical id, so the same template gives the same ids on every start.
 */
export function localKnowledgeId(logicalId: string): string {
  const id = localGuardrailId(`knowledge:${logicalId}`);
  return id.slice(0, 10).toUpperCase();
}

export function localGuardrailArn(id: string): string {
  return `arn:aws:bedrock:${LOCAL_REGION}:${LOCAL_ACCOUNT_ID}:guardrail/${id}`;
}

/** `<stack>-<logicalid>` made a valid bucket name (lower case, 3–63 characters, letters, digits and hyphens). */
function localBucketName(stackName: string, logicalId: string): string {
  const name = `${stackName}-${logicalId}`.toLowerCase().replace(/[^a-z0-9.-]/g, '-').slice(0, 63).replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return name.length >= 3 ? name : `${name}-bucket`;
}
