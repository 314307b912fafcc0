import { describe, expect, it } from 'vitest';
import {
  ModelTimeoutException,
  ServiceUnavailableException,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-bedrock-runtime';
import { modelHttpError } from '../../../../src/chat/modelErrors.js';
import { BadRequestError } from '../../../../src/lib/errors.js';

const named = (name: string, message = 'upstream detail'): Error => Object.assign(new Error(message), { name });
const meta = { $metadata: {} };

describe('modelHttpError', () => {
  it.each([
    ['ThrottlingException', 429],
    ['ServiceUnavailableException', 503],
    ['ModelNotReadyException', 503],
    ['ModelTimeoutException', 504],
    ['ValidationException', 502],
    ['ModelErrorException', 502],
    ['ModelStreamErrorException', 502],
    ['AccessDeniedException', 502],
    ['ResourceNotFoundException', 502],
    ['InternalServerException', 502],
    ['SomethingNew', 502],
  ])('maps %s to %i', (name, status) => {
    const error = modelHttpError(named(name));
    expect(error.statusCode).toBe(status);
    expect(error.message.length).toBeGreaterThan(10);
  });

  it('maps the SDK exception classes themselves', () => {
    expect(modelHttpError(new ThrottlingException({ message: 'slow down', ...meta })).statusCode).toBe(429);
    expect(modelHttpError(new ServiceUnavailableException({ message: 'down', ...meta })).statusCode).toBe(503);
    expect(modelHttpError(new ModelTimeoutException({ message: 'slow', ...meta })).statusCode).toBe(504);
  });

  it("passes Bedrock's explanation of a validation error through", () => {
    const error = modelHttpError(new ValidationException({ message: 'Input is too long for requested model.', ...meta }));
    expect(error.statusCode).toBe(502);
    expect(error.message).toContain('Input is too long for requested model.');
  });

  it('keeps the upstream message out of errors where it could leak internals', () => {
    expect(modelHttpError(named('AccessDeniedException', 'arn:aws:iam::123:role/secret-role')).message).not.toContain('arn:');
  });

  it('returns an HttpError unchanged and keeps the cause of others', () => {
    const httpError = new BadRequestError('x');
    expect(modelHttpError(httpError)).toBe(httpError);
    const cause = named('ThrottlingException');
    expect(modelHttpError(cause).cause).toBe(cause);
  });
});
