/**
 * Every error the application's handlers turn into an HTTP answer, in one registry.
 *
 * A handler throws one of these; `errorResponse()` (see `http.ts`) turns it into a proxy
 * result with the error's status and `{"message": …}`. Anything else becomes a 500.
 */

/** An error with the HTTP status the client should see and a message safe to show it. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'HttpError';
  }
}

export class BadRequestError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(400, message, options);
    this.name = 'BadRequestError';
  }
}

export class UnauthorizedError extends HttpError {
  constructor(message = 'Unauthorized', options?: { cause?: unknown }) {
    super(401, message, options);
    this.name = 'UnauthorizedError';
  }
}

export class ForbiddenError extends HttpError {
  constructor(message = 'Forbidden', options?: { cause?: unknown }) {
    super(403, message, options);
    this.name = 'ForbiddenError';
  }
}

export class NotFoundError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(404, message, options);
    this.name = 'NotFoundError';
  }
}

export class MethodNotAllowedError extends HttpError {
  constructor(message = 'Method not allowed', options?: { cause?: unknown }) {
    super(405, message, options);
    this.name = 'MethodNotAllowedError';
  }
}

export class ConflictError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(409, message, options);
    this.name = 'ConflictError';
  }
}

export class PayloadTooLargeError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(413, message, options);
    this.name = 'PayloadTooLargeError';
  }
}

export class TooManyRequestsError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(429, message, options);
    this.name = 'TooManyRequestsError';
  }
}

export class InternalServerError extends HttpError {
  constructor(message = 'Internal server error', options?: { cause?: unknown }) {
    super(500, message, options);
    this.name = 'InternalServerError';
  }
}

export class BadGatewayError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(502, message, options);
    this.name = 'BadGatewayError';
  }
}

export class ServiceUnavailableError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(503, message, options);
    this.name = 'ServiceUnavailableError';
  }
}

export class GatewayTimeoutError extends HttpError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(504, message, options);
    this.name = 'GatewayTimeoutError';
  }
}

/** The function's environment is missing or has an invalid variable; thrown at init, so the function refuses to start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}
