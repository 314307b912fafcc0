import type { Endpoints } from './endpointsFile.js';
import { LOCAL_CREDENTIALS } from './localClientConfig.js';
import { LOCAL_REGION } from '../template/model.js';

/** What every function's environment gets so the unmodified AWS SDK talks to the local services. */
export function localServiceEnvironment(endpoints: Partial<Endpoints>): Record<string, string> {
  const env: Record<string, string> = {
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  };
  if (endpoints.dynamodb) env.AWS_ENDPOINT_URL_DYNAMODB = endpoints.dynamodb;
  if (endpoints.bedrock) {
    env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = endpoints.bedrock;
    env.AWS_ENDPOINT_URL_BEDROCK_AGENT_RUNTIME = endpoints.bedrock;
    env.AWS_ENDPOINT_URL_BEDROCK_AGENT = endpoints.bedrock;
  }
  if (endpoints.sqs) env.AWS_ENDPOINT_URL_SQS = endpoints.sqs;
  if (endpoints.s3) env.AWS_ENDPOINT_URL_S3 = endpoints.s3;
  if (endpoints.stepfunctions) env.AWS_ENDPOINT_URL_SFN = endpoints.stepfunctions;
  return env;
}
