import * as sfn from '@aws-sdk/client-sfn';
import { describe, expect, it } from 'vitest';
import { SFN_ERRORS, SfnApiError } from '../../../local/stepfunctions/errors.js';

const PROTOCOL_ERRORS = ['UnknownOperationException', 'SerializationException', 'InternalFailure'];

describe('the Step Functions error registry', () => {
  it('uses the SDK’s own exception names for every modelled error (client faults, HTTP 400)', () => {
    for (const [code, { status, fault }] of Object.entries(SFN_ERRORS)) {
      if (PROTOCOL_ERRORS.includes(code)) continue;
      const exception = (sfn as Record<string, unknown>)[code] as { prototype?: unknown } | undefined;
      expect(exception, code).toBeTypeOf('function');
      const instance = new (exception as new (options: object) => { name: string; $fault: string })({ $metadata: {}, message: 'x' });
      expect(instance.name).toBe(code);
      expect(instance.$fault).toBe(fault);
      expect(status).toBe(400);
    }
  });

  it('answers in the AWS JSON 1.0 error shape', () => {
    const error = new SfnApiError('ExecutionDoesNotExist', 'Execution Does Not Exist: arn');
    expect(error.status).toBe(400);
    expect(error.toBody()).toEqual({ __type: 'ExecutionDoesNotExist', message: 'Execution Does Not Exist: arn' });
    expect(new SfnApiError('InternalFailure', 'x').status).toBe(500);
  });
});
