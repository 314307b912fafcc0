/**
 * Bedrock runtime errors → the HTTP errors the client sees.
 *
 * | Bedrock error                                        | client sees |
 * |------------------------------------------------------|-------------|
 * | ThrottlingException                                  | 429         |
 * | ServiceUnavailableException, ModelNotReadyException  | 503         |
 * | ModelTimeoutException                                | 504         |
 * | ValidationException, ModelErrorException, ModelStreamErrorException, AccessDeniedException, ResourceNotFoundException, InternalServerException, anything else | 502 |
 *
 * The model's own failures are never 4xx to our client (the client's request was fine; our call to
 * the model was not), and never 500 (that is for our own bugs). The SDK has already retried
 * retryable errors (throttling, 5xx) with backoff before one of these reaches us.
 */
import {
  BadGatewayError,
  GatewayTimeoutError,
  HttpError,
  ServiceUnavailableError,
  TooManyRequestsError,
} from '../lib/errors.js';
import { awsErrorCode } from '../lib/awsErrors.js';

/** Errors whose message from Bedrock helps the client (it describes their input or the model's output). */
const PASS_THROUGH_MESSAGE = new Set(['ValidationException', 'ModelErrorException', 'ModelStreamErrorException']);

/** The HTTP error for an error raised by a Bedrock call (already an `HttpError`: returned as is). */
export function modelHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  const code = awsErrorCode(error) ?? 'UnknownError';
  const detail = error instanceof Error && PASS_THROUGH_MESSAGE.has(code) && error.message ? `: ${error.message}` : '';
  const options = { cause: error };
  switch (code) {
    case 'ThrottlingException':
      return new TooManyRequestsError('The model is receiving too many requests; retry later', options);
    case 'ServiceUnavailableException':
      return new ServiceUnavailableError('The model service is unavailable; retry later', options);
    case 'ModelNotReadyException':
      return new ServiceUnavailableError('The model is not ready yet; retry later', options);
    case 'ModelTimeoutException':
      return new GatewayTimeoutError('The model took too long to answer', options);
    case 'ValidationException':
      return new BadGatewayError(`The model rejected the request${detail}`, options);
    case 'ModelErrorException':
    case 'ModelStreamErrorException':
      return new BadGatewayError(`The model failed to answer${detail}`, options);
    case 'AccessDeniedException':
      return new BadGatewayError('This service is not allowed to use the configured model', options);
    case 'ResourceNotFoundException':
      return new BadGatewayError('The configured model was not found', options);
    case 'InternalServerException':
      return new BadGatewayError('The model service failed; retry later', options);
    default:
      return new BadGatewayError('The model call failed', options);
  }
}
