/**
 * SDK errors of service integrations as Step Functions reports them: the error is
 * `<Service>.<ExceptionName>` (`Bedrock.ThrottlingException`, `DynamoDB.ConditionalCheckFailedException`,
 * `SQS.QueueDoesNotExistException`) and the cause reads like AWS's, with service, status and request id.
 */
import { StatesError } from '../engine/statesError.js';

interface SdkErrorLike {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number; requestId?: string };
  $fault?: string;
}

/** Converts an SDK client error to the StatesError a Task sees. */
export function serviceError(prefix: string, serviceName: string, thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const error = (thrown ?? {}) as SdkErrorLike;
  const status = error.$metadata?.httpStatusCode;
  if (status === undefined) {
    return new StatesError(`${prefix}.SdkClientException`, `Unable to execute HTTP request: ${error.message ?? String(thrown)}`);
  }
  const code = error.name ?? 'UnknownError';
  const name = /(Exception|Error|Fault)$/.test(code) ? code : `${code}Exception`;
  const cause =
    `${error.message ?? code} (Service: ${serviceName}; Status Code: ${status}; Error Code: ${code}; ` +
    `Request ID: ${error.$metadata?.requestId ?? 'unknown'}; Proxy: null)`;
  return new StatesError(`${prefix}.${name}`, cause);
}
