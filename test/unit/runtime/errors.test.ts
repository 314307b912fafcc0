import { describe, expect, it } from 'vitest';
import {
  exitError,
  FunctionNotFoundError,
  LambdaErrorType,
  MAX_SYNC_RESPONSE_BYTES,
  responseTooLargeError,
  throttledError,
  timeoutError,
} from '../../../local/runtime/errors.js';

describe('Lambda error registry', () => {
  it('has unique error types', () => {
    const types = Object.values(LambdaErrorType);
    expect(new Set(types).size).toBe(types.length);
  });

  it('words errors as Lambda does', () => {
    expect(timeoutError('abc', 1500, new Date('2024-01-02T03:04:05.678Z'))).toEqual({
      errorType: 'Sandbox.Timedout',
      errorMessage: '2024-01-02T03:04:05.678Z abc Task timed out after 1.50 seconds',
    });
    expect(exitError('abc', 1).errorMessage).toBe('RequestId: abc Error: Runtime exited with error: exit status 1');
    expect(exitError('abc', 0).errorMessage).toBe('RequestId: abc Error: Runtime exited without providing a reason');
    expect(throttledError()).toEqual({ errorType: 'TooManyRequestsException', errorMessage: 'Rate Exceeded.' });
    expect(responseTooLargeError().errorMessage).toBe(`Response payload size exceeded maximum allowed payload size (${MAX_SYNC_RESPONSE_BYTES} bytes).`);
  });

  it('gives service errors AWS codes and statuses', () => {
    const error = new FunctionNotFoundError('Missing');
    expect(error).toMatchObject({ name: 'ResourceNotFoundException', code: 'ResourceNotFoundException', statusCode: 404 });
  });
});
