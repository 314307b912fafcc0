import { describe, expect, it } from 'vitest';
import { BEDROCK_ERRORS, BedrockError, DEFAULT_ERROR_MESSAGES, isBedrockErrorCode } from '../../../local/bedrock/errors.js';

describe('Bedrock error registry', () => {
  it('gives each error the status AWS gives it', () => {
    // Prepare: the statuses of botocore's bedrock-runtime model (service-2.json).
    const aws = {
      ValidationException: 400, AccessDeniedException: 403, ResourceNotFoundException: 404, ModelTimeoutException: 408,
      ModelErrorException: 424, ModelStreamErrorException: 424, ThrottlingException: 429, ModelNotReadyException: 429,
      InternalServerException: 500, ServiceUnavailableException: 503, ServiceQuotaExceededException: 400,
    };
    for (const [code, status] of Object.entries(aws)) expect(BEDROCK_ERRORS[code as keyof typeof BEDROCK_ERRORS].status, code).toBe(status);
  });

  it('has a default message for every code and stream events named after their code', () => {
    for (const [code, entry] of Object.entries(BEDROCK_ERRORS)) {
      expect(DEFAULT_ERROR_MESSAGES[code as keyof typeof BEDROCK_ERRORS]).toBeTruthy();
      if (entry.streamEvent) expect(entry.streamEvent.toLowerCase()).toBe(code.toLowerCase());
    }
  });

  it('streams only events of the ResponseStream union', () => {
    // Prepare: the exception members of botocore's bedrock-runtime `ResponseStream` shape.
    const members = ['internalServerException', 'modelStreamErrorException', 'validationException', 'throttlingException', 'modelTimeoutException', 'serviceUnavailableException'];
    for (const [code, entry] of Object.entries(BEDROCK_ERRORS)) if (entry.streamEvent) expect(members, code).toContain(entry.streamEvent);
  });

  it('serialises as Bedrock does', () => {
    const error = new BedrockError('ModelStreamErrorException', 'boom', { originalStatusCode: 500 });
    expect(error.toBody()).toEqual({ message: 'boom', originalStatusCode: 500 });
    expect(error.errorTypeHeader.split(':')[0]).toBe('ModelStreamErrorException');
    expect(isBedrockErrorCode('ThrottlingException')).toBe(true);
    expect(isBedrockErrorCode('toString')).toBe(false);
  });
});
