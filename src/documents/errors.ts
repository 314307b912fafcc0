/**
 * Errors of the document pipeline, and what a client is shown when an execution failed.
 *
 * The extract step throws `UnreadableDocumentError` with one of `UNREADABLE_REASONS` (fixed
 * sentences, never the parser's text). `GET /documents/{id}` never returns an execution's raw
 * `Error`/`Cause` (a Lambda's cause carries its stack trace and file paths): `publicPipelineError`
 * maps each failure to a stable code and a safe message; the raw failure is logged server-side.
 */

/** The reasons a document is unreadable, safe to show its owner. */
export const UNREADABLE_REASONS = [
  'The document contains no text',
  'The document is not valid UTF-8 text',
  'A PDF must be sent as content_base64',
  'The document is not a PDF',
  'The PDF is encrypted; send it without a password or encryption',
  'The PDF could not be read: it is damaged or not a valid PDF',
  'The PDF expands to more data than the pipeline reads; send a smaller PDF',
  'The uploaded document is larger than the pipeline reads; upload a smaller document',
  'The uploaded document is no longer there',
] as const;
export type UnreadableReason = (typeof UNREADABLE_REASONS)[number];

/** Raised for a document whose content cannot be read (bad or encrypted PDF, not UTF-8, empty). */
export class UnreadableDocumentError extends Error {
  constructor(message: UnreadableReason, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UnreadableDocumentError';
  }
}

/** What `GET /documents/{id}` shows for a failed, timed-out or aborted execution. */
export interface PublicPipelineError {
  code: PipelineErrorCode;
  message: string;
}

/** Every code a client may see, with its message (the unreadable one carries its reason instead). */
export const PIPELINE_ERRORS = {
  DOCUMENT_UNREADABLE: 'The document could not be read',
  DOCUMENT_TOO_LARGE: 'The document is too large for the pipeline; send a smaller document',
  MODEL_UNAVAILABLE: 'The model could not process the document; try again later',
  PIPELINE_TIMED_OUT: 'The document took too long to process',
  PIPELINE_ABORTED: 'The document processing was stopped',
  PIPELINE_FAILED: 'The document could not be processed',
} as const;
export type PipelineErrorCode = keyof typeof PIPELINE_ERRORS;

function publicError(code: PipelineErrorCode, message: string = PIPELINE_ERRORS[code]): PublicPipelineError {
  return { code, message };
}

/** The `errorMessage` of a Lambda error cause (`{"errorType","errorMessage","trace"}`), if it is one. */
function lambdaErrorMessage(cause: string | undefined): string | undefined {
  if (!cause) return undefined;
  try {
    const parsed = JSON.parse(cause) as { errorMessage?: unknown };
    return typeof parsed.errorMessage === 'string' ? parsed.errorMessage : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The safe error for an ended execution, or undefined when it did not fail.
 *
 * @example
 * publicPipelineError('FAILED', 'States.DataLimitExceeded', "The state/task 'ExtractText' …")
 * // { code: 'DOCUMENT_TOO_LARGE', message: 'The document is too large for the pipeline; send a smaller document' }
 */
export function publicPipelineError(status: string, error: string | undefined, cause: string | undefined): PublicPipelineError | undefined {
  if (status === 'TIMED_OUT') return publicError('PIPELINE_TIMED_OUT');
  if (status === 'ABORTED') return publicError('PIPELINE_ABORTED');
  if (status !== 'FAILED') return undefined;
  if (error === 'UnreadableDocumentError') {
    const reason = lambdaErrorMessage(cause) ?? cause;
    const known = UNREADABLE_REASONS.find((r) => r === reason);
    return publicError('DOCUMENT_UNREADABLE', known ?? PIPELINE_ERRORS.DOCUMENT_UNREADABLE);
  }
  if (error === 'States.DataLimitExceeded') return publicError('DOCUMENT_TOO_LARGE');
  if (error === 'States.Timeout' || error === 'Sandbox.Timedout') return publicError('PIPELINE_TIMED_OUT');
  if (error?.startsWith('Bedrock.')) return publicError('MODEL_UNAVAILABLE');
  return publicError('PIPELINE_FAILED');
}
