/** The caller's identity on the REST API, as the Lambda authorizer left it. */
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { callerUserId as chatCallerUserId } from '../chat/chatHandler.js';

/** The authorizer's `context.userId` (else `principalId`); 401 without one. Same rule as `/chat`. */
export const callerUserId: (event: APIGatewayProxyEvent) => string = chatCallerUserId;
