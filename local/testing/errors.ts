/** Errors of the testing API, each with a name a test runner prints. */
export class TestingError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TestingError';
  }
}

/** The stack has no such service, queue, state machine or function (the template does not define it). */
export class NotInStackError extends TestingError {
  constructor(message: string) {
    super(message);
    this.name = 'NotInStackError';
  }
}

/** Something did not happen within its timeout (an execution still running, …). */
export class WaitTimeoutError extends TestingError {
  constructor(message: string) {
    super(message);
    this.name = 'WaitTimeoutError';
  }
}

/** A replaying fake Bedrock was asked something it has no recording of. */
export class ReplayMissError extends TestingError {
  constructor(message: string) {
    super(message);
    this.name = 'ReplayMissError';
  }
}
