/**
 * The local API Gateway and Lambda Function URL emulator.
 *
 * API keys come from the `x-api-key` header or, with `ApiKeySourceType: AUTHORIZER`, from the Lambda
 * authorizer's `usageIdentifierKey`; REST routes with `ResponseTransferMode: RESPONSE_STREAM` stream.
 *
 * Known limitations: IAM (`AWS_IAM`) and Cognito authorizers on APIs are not emulated; SigV4 signatures on
 * Function URLs are required but not verified; REST API CORS answers only the preflight (as SAM's
 * `Cors` does on AWS); VTL mapping templates and non-proxy integrations are not supported.
 */
export { buildApiApp, API_PAYLOAD_LIMIT_BYTES } from './apiApp.js';
export type { ApiAppOptions } from './apiApp.js';
export { buildFunctionUrlApp, functionUrlId, FUNCTION_URL_PAYLOAD_LIMIT_BYTES } from './functionUrlApp.js';
export { startGateway } from './startGateway.js';
export type { GatewayOptions, RunningGateway } from './startGateway.js';
export { compilePolicy, evaluatePolicy } from './policyEvaluation.js';
export type { PolicyDecision } from './policyEvaluation.js';
export { REST_ERRORS, HTTP_API_ERRORS, FUNCTION_URL_ERRORS } from './errors.js';
