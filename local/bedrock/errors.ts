/**
 * Every error the fake Bedrock answers with, keyed by AWS's own code, with AWS's HTTP status and
 * the event name it takes inside an event stream (for the exceptions Bedrock streams: the members of
 * `ResponseStream`; `ConverseStreamOutput` has the same ones except `modelTimeoutException`).
 */
export const BEDROCK_ERRORS = {
  ValidationException: { status: 400, fault: 'client', streamEvent: 'validationException' },
  // A member of the wrong JSON type, as AWS's JSON protocols answer it (not in the model's error list).
  SerializationException: { status: 400, fault: 'client', streamEvent: undefined },
  // Not a member of any of Bedrock's stream unions (ConverseStreamOutput, ResponseStream).
  ServiceQuotaExceededException: { status: 400, fault: 'client', streamEvent: undefined },
  AccessDeniedException: { status: 403, fault: 'client', streamEvent: undefined },
  MissingAuthenticationTokenException: { status: 403, fault: 'client', streamEvent: undefined },
  UnrecognizedClientException: { status: 403, fault: 'client', streamEvent: undefined },
  InvalidSignatureException: { status: 403, fault: 'client', streamEvent: undefined },
  ResourceNotFoundException: { status: 404, fault: 'client', streamEvent: undefined },
  ModelTimeoutException: { status: 408, fault: 'client', streamEvent: 'modelTimeoutException' },
  // bedrock-agent: StartIngestionJob while a job of the knowledge base runs.
  ConflictException: { status: 409, fault: 'client', streamEvent: undefined },
  ModelErrorException: { status: 424, fault: 'client', streamEvent: undefined },
  ModelStreamErrorException: { status: 424, fault: 'client', streamEvent: 'modelStreamErrorException' },
  ThrottlingException: { status: 429, fault: 'client', streamEvent: 'throttlingException' },
  ModelNotReadyException: { status: 429, fault: 'client', streamEvent: undefined },
  InternalServerException: { status: 500, fault: 'server', streamEvent: 'internalServerException' },
  ServiceUnavailableException: { status: 503, fault: 'server', streamEvent: 'serviceUnavailableException' },
  UnknownOperationException: { status: 404, fault: 'client', streamEvent: undefined },
} as const satisfies Record<string, { status: number; fault: 'client' | 'server'; streamEvent: string | undefined }>;

export type BedrockErrorCode = keyof typeof BEDROCK_ERRORS;

/** The message AWS gives for the errors the fake raises without a more specific one. */
export const DEFAULT_ERROR_MESSAGES: Record<BedrockErrorCode, string> = {
  ValidationException: 'Input validation failed. Check your request parameters and retry the request.',
  SerializationException: 'Start of structure or map found where not expected.',
  ServiceQuotaExceededException: 'Your request exceeds the service quota for your account.',
  AccessDeniedException: "You don't have access to the model with the specified model ID.",
  MissingAuthenticationTokenException: 'Missing Authentication Token',
  UnrecognizedClientException: 'The security token included in the request is invalid.',
  InvalidSignatureException:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  ResourceNotFoundException: 'The requested resource could not be found.',
  ConflictException: 'There was a conflict performing an operation.',
  ModelTimeoutException: 'Model has timed out in processing the request. Try your request again.',
  ModelErrorException: 'The model returned an error. Try your request again.',
  ModelStreamErrorException: 'The model stream had an error. Try your request again.',
  ThrottlingException: 'Too many requests, please wait before trying again.',
  ModelNotReadyException: 'Model is not ready for inference. Wait and try your request again.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  ServiceUnavailableException: 'Bedrock is unable to process your request.',
  UnknownOperationException: 'Unknown operation',
};

/** An error answered in Bedrock's wire shape: status, `x-amzn-ErrorType` and `{"message": …}`. */
export class BedrockError extends Error {
  readonly code: BedrockErrorCode;
  readonly status: number;
  /** Extra members of the error structure (e.g. `originalStatusCode`). */
  readonly extra: Record<string, unknown>;

  constructor(code: BedrockErrorCode, message?: string, extra: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message ?? DEFAULT_ERROR_MESSAGES[code], options);
    this.name = code;
    this.code = code;
    this.status = BEDROCK_ERRORS[code].status;
    this.extra = extra;
  }

  /** The JSON body Bedrock sends for this error. */
  toBody(): Record<string, unknown> {
    return { message: this.message, ...this.extra };
  }

  /** The `x-amzn-ErrorType` header value, suffixed as AWS's Coral services suffix it. */
  get errorTypeHeader(): string {
    return `${this.code}:http://internal.amazon.com/coral/com.amazon.bedrock/`;
  }
}

/** Shorthand for the most common error. */
export function validationError(message: string): BedrockError {
  return new BedrockError('ValidationException', message);
}

/** Whether `value` names an error in the registry. */
export function isBedrockErrorCode(value: unknown): value is BedrockErrorCode {
  return typeof value === 'string' && Object.hasOwn(BEDROCK_ERRORS, value);
}

/**
 * Thrown inside a stream to make the server drop the connection (a fault), rather than send an
 * exception event.
 */
export class ConnectionDropSignal extends Error {
  constructor() {
    super('connection dropped by fault injection');
    this.name = 'ConnectionDropSignal';
  }
}
