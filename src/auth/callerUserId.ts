/**
 * The caller's identity on the REST API, as the Lambda TOKEN authorizer left it in the request context.
 */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { UnauthorizedError } from '../lib/errors.js';

/**
 * The authorizer's `context.userId`, else its `principalId`.
 * @throws UnauthorizedError (401) when the event carries neither (a route without the authorizer).
 */
export function callerUserId(event: APIGatewayProxyEvent): string {
  const authorizer = event.requestContext?.authorizer;
  const userId: unknown = authorizer?.userId ?? authorizer?.principalId;
  if (typeof userId !== 'string' || userId === '') throw new UnauthorizedError();
  return userId;
}
