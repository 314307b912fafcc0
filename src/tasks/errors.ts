/**
 * Errors of the task processor. Each one says whether SQS should deliver the message again.
 */

/** Base class: a task record could not be processed. */
export class TaskProcessingError extends Error {
  /** True when a later delivery may succeed (the message must go back to the queue). */
  readonly retryable: boolean;

  constructor(message: string, retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TaskProcessingError';
    this.retryable = retryable;
  }
}

/** The message body is not a task message; it fails alone and ends in the dead-letter queue. */
export class InvalidTaskMessageError extends TaskProcessingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
    this.name = 'InvalidTaskMessageError';
  }
}

/** The model call failed in a way that may pass later (throttling, timeouts, 5xx). */
export class RetryableModelError extends TaskProcessingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, true, options);
    this.name = 'RetryableModelError';
  }
}

/** The model refused the task for good (validation, access, unknown model): the task fails. */
export class PermanentModelError extends TaskProcessingError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, false, options);
    this.name = 'PermanentModelError';
  }
}
