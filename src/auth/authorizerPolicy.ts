/**
 * IAM policies returned by the API's TOKEN authorizer.
 */
import type { APIGatewayAuthorizerResult } from 'aws-lambda';

/**
 * The `arn:aws:execute-api:<region>:<account>:<apiId>/<stage>/*` prefix of a method ARN: every method
 * and path of the same API stage. API Gateway caches an authorizer's policy per token (here 300 s)
 * and evaluates the cached policy for every route, so a policy naming only the first method ARN would
 * deny the token's later calls to other routes.
 *
 * @example
 * apiStageWildcard('arn:aws:execute-api:us-east-1:123456789012:abc123/dev/POST/chat')
 * // 'arn:aws:execute-api:us-east-1:123456789012:abc123/dev/*'
 */
export function apiStageWildcard(methodArn: string): string {
  // arn:<partition>:execute-api:<region>:<account>:<apiId> / <stage> / <METHOD> / <path…>
  const [apiArn, stage] = methodArn.split('/');
  if (!apiArn?.startsWith('arn:') || apiArn.split(':').length !== 6 || !stage) return methodArn;
  return `${apiArn}/${stage}/*`;
}

/** Allows `principalId` to invoke every method of the API stage; `context` reaches the integration as `requestContext.authorizer`. */
export function allowPolicy(principalId: string, methodArn: string, context: Record<string, string>): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: apiStageWildcard(methodArn) }],
    },
    context,
  };
}

/** Denies every method of the API stage (API Gateway answers 403). */
export function denyPolicy(principalId: string, methodArn: string): APIGatewayAuthorizerResult {
  return {
    principalId,
    policyDocument: {
      Version: '2012-10-17',
      Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: apiStageWildcard(methodArn) }],
    },
  };
}
