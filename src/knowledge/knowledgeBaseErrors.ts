/**
 * Bedrock agent runtime errors (`Retrieve`, `RetrieveAndGenerate`) → the HTTP errors the client sees.
 *
 * The errors both runtimes share (throttling, validation, access denied, …) map exactly as for chat
 * (see `../chat/modelErrors.ts`). The agent runtime's own:
 *
 * | Bedrock error                                 | client sees |
 * |-----------------------------------------------|-------------|
 * | ResourceNotFoundException                     | 502 (the configured knowledge base or model is missing) |
 * | ServiceQuotaExceededException                 | 429         |
 * | DependencyFailedException, BadGatewayException, ConflictException | 502 |
 */
import { BadGatewayError, TooManyRequestsError, type HttpError } from '../lib/errors.js';
import { awsErrorCode } from '../lib/awsErrors.js';
import { modelHttpError } from '../chat/modelErrors.js';

/** The HTTP error for an error raised by a knowledge-base call (an `HttpError` is returned as is). */
export function knowledgeBaseHttpError(error: unknown): HttpError {
  const options = { cause: error };
  switch (awsErrorCode(error)) {
    case 'ResourceNotFoundException':
      return new BadGatewayError('The configured knowledge base or model was not found', options);
    case 'ServiceQuotaExceededException':
      return new TooManyRequestsError('The knowledge base is receiving too many requests; retry later', options);
    case 'DependencyFailedException':
      return new BadGatewayError('A service the knowledge base depends on failed', options);
    case 'BadGatewayException':
    case 'ConflictException':
      return new BadGatewayError('The knowledge base service failed; retry later', options);
    default:
      return modelHttpError(error);
  }
}
