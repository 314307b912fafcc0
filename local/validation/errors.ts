/**
 * The errors a model check ends in. Each service maps them to its own code at its boundary
 * (Step Functions and Bedrock: `ValidationException`; SQS: `InvalidParameterValue` /
 * `MissingParameter`), so this registry carries no HTTP status of its own.
 */
import { describeViolations, type Violation } from './violations.js';

export const VALIDATION_ERRORS = {
  /** One or more constraints broken: AWS's `N validation error(s) detected: …`. */
  ModelConstraintViolation: { awsJsonCode: 'ValidationException' },
  /** A member of the wrong JSON type: AWS's JSON protocols stop parsing and answer `SerializationException`. */
  ModelTypeMismatch: { awsJsonCode: 'SerializationException' },
} as const;

export type ValidationErrorCode = keyof typeof VALIDATION_ERRORS;

export class ModelValidationError extends Error {
  override readonly name: string = 'ModelValidationError';
  constructor(
    readonly code: ValidationErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The constraints an input broke, all of them, in the model's member order. */
export class ModelConstraintViolation extends ModelValidationError {
  override readonly name = 'ModelConstraintViolation';
  constructor(readonly violations: readonly Violation[]) {
    super('ModelConstraintViolation', describeViolations(violations));
  }
}

/** The first member whose JSON type is not the model's. */
export class ModelTypeMismatch extends ModelValidationError {
  override readonly name = 'ModelTypeMismatch';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super('ModelTypeMismatch', message);
  }
}
