/**
 * The Step Functions API's errors, as AWS names them (botocore `stepfunctions` model: every modelled
 * exception is a client fault with HTTP 400), plus the protocol-level errors of the AWS JSON 1.0
 * protocol. Answered as `{"__type": "<code>", "message": "…"}`.
 */
export const SFN_ERRORS = {
  ExecutionAlreadyExists: { status: 400, fault: 'client' },
  ExecutionDoesNotExist: { status: 400, fault: 'client' },
  ExecutionLimitExceeded: { status: 400, fault: 'client' },
  InvalidArn: { status: 400, fault: 'client' },
  InvalidDefinition: { status: 400, fault: 'client' },
  InvalidExecutionInput: { status: 400, fault: 'client' },
  InvalidLoggingConfiguration: { status: 400, fault: 'client' },
  InvalidName: { status: 400, fault: 'client' },
  InvalidToken: { status: 400, fault: 'client' },
  MissingRequiredParameter: { status: 400, fault: 'client' },
  StateMachineAlreadyExists: { status: 400, fault: 'client' },
  StateMachineDeleting: { status: 400, fault: 'client' },
  StateMachineDoesNotExist: { status: 400, fault: 'client' },
  StateMachineTypeNotSupported: { status: 400, fault: 'client' },
  ValidationException: { status: 400, fault: 'client' },
  // Protocol errors (AWS JSON 1.0).
  UnknownOperationException: { status: 400, fault: 'client' },
  SerializationException: { status: 400, fault: 'client' },
  InternalFailure: { status: 500, fault: 'server' },
} as const satisfies Record<string, { status: number; fault: 'client' | 'server' }>;

export type SfnErrorCode = keyof typeof SFN_ERRORS;

/** An error the Step Functions API answers with. */
export class SfnApiError extends Error {
  override readonly name = 'SfnApiError';
  readonly status: number;

  constructor(
    readonly code: SfnErrorCode,
    message: string,
  ) {
    super(message);
    this.status = SFN_ERRORS[code].status;
  }

  /** The JSON 1.0 error body. */
  toBody(): { __type: string; message: string } {
    return { __type: this.code, message: this.message };
  }
}
