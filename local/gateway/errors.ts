/**
 * The gateway's own error responses, declared once: API Gateway REST APIs, HTTP APIs and Lambda
 * Function URLs each answer with their own status, body and `x-amzn-ErrorType`.
 *
 * REST bodies follow API Gateway's default gateway responses (`{"message":…}`), except the
 * authorizer-deny answers, which API Gateway spells `{"Message":…}`. Bodies are serialized once,
 * here, never per request.
 *
 * Sources (read 2026-12-07; `docs/gateway.md` has the table and the open points):
 * - [GR] API Gateway developer guide, "Gateway response types for API Gateway"
 *   (supported-gateway-response-types.html): the default status of every REST response type.
 * - [Q] API Gateway developer guide, "Amazon API Gateway quotas and important notes" (limits.html).
 * - [F] Answers captured from deployed APIs and quoted in public repositories and issue threads
 *   (bodies and `x-amzn-ErrorType` values are not in AWS's docs): named per entry.
 */

export interface GatewayErrorSpec {
  /** HTTP status. */
  status: number;
  /** `x-amzn-ErrorType` header value. */
  errorType: string;
  /** Exact response body bytes. */
  body: string;
  /** Content type of `body`. */
  contentType: string;
}

const JSON_TYPE = 'application/json';

function spec(status: number, errorType: string, body: unknown, contentType = JSON_TYPE): GatewayErrorSpec {
  return { status, errorType, body: typeof body === 'string' ? body : JSON.stringify(body), contentType };
}

/** API Gateway REST API (payload 1.0) gateway responses. */
export const REST_ERRORS = {
  /** [GR] MISSING_AUTHENTICATION_TOKEN 403: no resource/method matches (or a SigV4 header is missing). */
  MISSING_AUTHENTICATION_TOKEN: spec(403, 'MissingAuthenticationTokenException', { message: 'Missing Authentication Token' }),
  /** [GR] INVALID_API_KEY 403; body and type [F] (serverless-offline, chalice local, captured answers). */
  INVALID_API_KEY: spec(403, 'ForbiddenException', { message: 'Forbidden' }),
  /** [GR] UNAUTHORIZED 401: no identity, a token failing `ValidationExpression`, or the authorizer's `Unauthorized` error. */
  UNAUTHORIZED: spec(401, 'UnauthorizedException', { message: 'Unauthorized' }),
  /**
   * [GR] ACCESS_DENIED 403, implicit deny (no statement allows the method ARN). Body [F]: captured
   * answers quote `{"Message":"User is not authorized to access this resource"}`.
   */
  ACCESS_DENIED: spec(403, 'AccessDeniedException', { Message: 'User is not authorized to access this resource' }),
  /**
   * [GR] ACCESS_DENIED 403, explicit deny (a `Deny` statement matches). Body [F]: captured answers
   * quote `{"Message":"User is not authorized to access this resource with an explicit deny"}`; some
   * answers captured since 2025 append ` in an identity-based policy` (docs/gateway.md, open points).
   */
  ACCESS_DENIED_EXPLICIT: spec(403, 'AccessDeniedException', { Message: 'User is not authorized to access this resource with an explicit deny' }),
  /** [GR] AUTHORIZER_CONFIGURATION_ERROR / AUTHORIZER_FAILURE 500: the authorizer failed or answered a malformed policy; body [F]. */
  AUTHORIZER_CONFIGURATION_ERROR: spec(500, 'AuthorizerConfigurationException', { message: null }),
  /** [GR] THROTTLED 429 (usage plan or stage throttling). */
  THROTTLED: spec(429, 'TooManyRequestsException', { message: 'Too Many Requests' }),
  /** [GR] QUOTA_EXCEEDED 429 (usage plan quota). */
  QUOTA_EXCEEDED: spec(429, 'LimitExceededException', { message: 'Limit Exceeded' }),
  /** [GR] REQUEST_TOO_LARGE 413 over the 10 MB payload quota [Q]. */
  REQUEST_TOO_LARGE: spec(413, 'RequestTooLargeException', { message: 'Request Too Long' }),
  /**
   * [Q] a method with authorization whose ARN (its path parameters included) passes 1,600 bytes:
   * "the API client receives a `414 Request URI too long` response". The body and type are not
   * documented: the body repeats the docs' words in REST's `{"message":…}` form.
   */
  REQUEST_URI_TOO_LONG: spec(414, 'RequestUriTooLongException', { message: 'Request URI too long' }),
  /** [GR] BAD_REQUEST_BODY 400. */
  BAD_REQUEST_BODY: spec(400, 'BadRequestException', { message: 'Invalid request body' }),
  /**
   * A Lambda proxy integration's function error: the function threw, crashed, reached its own
   * `Timeout`, answered a malformed proxy result or a response over 6 MB. Not [GR]'s
   * INTEGRATION_FAILURE (504, for integrations API Gateway cannot reach): for Lambda proxy errors
   * API Gateway answers 502 `{"message":"Internal server error"}` [F] (AWS knowledge center, "Why
   * does my API Gateway REST API return 502 … Malformed Lambda proxy response").
   */
  INTEGRATION_FAILURE: spec(502, 'InternalServerErrorException', { message: 'Internal server error' }),
  /** Lambda's own throttling: API Gateway REST answers 500, not 429 (its 429 is for its own throttles) [F]. */
  LAMBDA_THROTTLED: spec(500, 'InternalServerErrorException', { message: 'Internal server error' }),
  /** [GR] INTEGRATION_TIMEOUT 504: only the integration's own limit (29 s default [Q]); body [F]. */
  INTEGRATION_TIMEOUT: spec(504, 'InternalServerErrorException', { message: 'Endpoint request timed out' }),
} as const satisfies Record<string, GatewayErrorSpec>;

/**
 * API Gateway HTTP API answers (no gateway responses to customise, no `x-amzn-ErrorType` in AWS;
 * sent here for diagnosis). Bodies [F]; HTTP APIs capitalise every word (`Internal Server Error`).
 */
export const HTTP_API_ERRORS = {
  NOT_FOUND: spec(404, 'NotFoundException', { message: 'Not Found' }),
  UNAUTHORIZED: spec(401, 'UnauthorizedException', { message: 'Unauthorized' }),
  FORBIDDEN: spec(403, 'ForbiddenException', { message: 'Forbidden' }),
  THROTTLED: spec(429, 'TooManyRequestsException', { message: 'Too Many Requests' }),
  REQUEST_TOO_LARGE: spec(413, 'RequestTooLargeException', { message: 'Request Entity Too Large' }),
  BAD_REQUEST_BODY: spec(400, 'BadRequestException', { message: 'Bad Request' }),
  /** A function error, its own `Timeout` included, or a malformed result. */
  INTEGRATION_FAILURE: spec(500, 'InternalServerErrorException', { message: 'Internal Server Error' }),
  /** The HTTP API's own 30 s integration limit [Q]: 503 `Service Unavailable` [F] (anomalyco/sst#2232 and captured answers). */
  INTEGRATION_TIMEOUT: spec(503, 'ServiceUnavailableException', { message: 'Service Unavailable' }),
} as const satisfies Record<string, GatewayErrorSpec>;

/** Lambda Function URL responses generated by Lambda itself. */
export const FUNCTION_URL_ERRORS = {
  FORBIDDEN: spec(403, 'AccessDeniedException', { Message: 'Forbidden' }),
  REQUEST_TOO_LARGE: spec(413, 'RequestTooLargeException', {
    Message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
  }),
  BAD_REQUEST_BODY: spec(400, 'InvalidRequestContentException', { Message: 'Bad Request' }),
  THROTTLED: spec(429, 'TooManyRequestsException', { Message: 'Rate Exceeded.' }),
  /** Function error, timeout, malformed result: Lambda answers a bare `Internal Server Error`. */
  INTEGRATION_FAILURE: spec(502, 'InternalServerErrorException', 'Internal Server Error', 'text/plain'),
} as const satisfies Record<string, GatewayErrorSpec>;

export type RestErrorCode = keyof typeof REST_ERRORS;
export type HttpApiErrorCode = keyof typeof HTTP_API_ERRORS;
export type FunctionUrlErrorCode = keyof typeof FUNCTION_URL_ERRORS;

/**
 * The answers one kind of front door gives; the request pipeline asks by concern, so the same
 * code path serves REST and HTTP APIs.
 */
export interface ErrorDialect {
  notFound: GatewayErrorSpec;
  invalidApiKey: GatewayErrorSpec;
  unauthorized: GatewayErrorSpec;
  denied: GatewayErrorSpec;
  explicitlyDenied: GatewayErrorSpec;
  authorizerFailure: GatewayErrorSpec;
  throttled: GatewayErrorSpec;
  quotaExceeded: GatewayErrorSpec;
  requestTooLarge: GatewayErrorSpec;
  badRequestBody: GatewayErrorSpec;
  integrationFailure: GatewayErrorSpec;
  lambdaThrottled: GatewayErrorSpec;
  integrationTimeout: GatewayErrorSpec;
}

export const REST_DIALECT: ErrorDialect = {
  notFound: REST_ERRORS.MISSING_AUTHENTICATION_TOKEN,
  invalidApiKey: REST_ERRORS.INVALID_API_KEY,
  unauthorized: REST_ERRORS.UNAUTHORIZED,
  denied: REST_ERRORS.ACCESS_DENIED,
  explicitlyDenied: REST_ERRORS.ACCESS_DENIED_EXPLICIT,
  authorizerFailure: REST_ERRORS.AUTHORIZER_CONFIGURATION_ERROR,
  throttled: REST_ERRORS.THROTTLED,
  quotaExceeded: REST_ERRORS.QUOTA_EXCEEDED,
  requestTooLarge: REST_ERRORS.REQUEST_TOO_LARGE,
  badRequestBody: REST_ERRORS.BAD_REQUEST_BODY,
  integrationFailure: REST_ERRORS.INTEGRATION_FAILURE,
  lambdaThrottled: REST_ERRORS.LAMBDA_THROTTLED,
  integrationTimeout: REST_ERRORS.INTEGRATION_TIMEOUT,
};

export const HTTP_API_DIALECT: ErrorDialect = {
  notFound: HTTP_API_ERRORS.NOT_FOUND,
  invalidApiKey: HTTP_API_ERRORS.FORBIDDEN,
  unauthorized: HTTP_API_ERRORS.UNAUTHORIZED,
  denied: HTTP_API_ERRORS.FORBIDDEN,
  explicitlyDenied: HTTP_API_ERRORS.FORBIDDEN,
  authorizerFailure: HTTP_API_ERRORS.INTEGRATION_FAILURE,
  throttled: HTTP_API_ERRORS.THROTTLED,
  quotaExceeded: HTTP_API_ERRORS.THROTTLED,
  requestTooLarge: HTTP_API_ERRORS.REQUEST_TOO_LARGE,
  badRequestBody: HTTP_API_ERRORS.BAD_REQUEST_BODY,
  integrationFailure: HTTP_API_ERRORS.INTEGRATION_FAILURE,
  lambdaThrottled: HTTP_API_ERRORS.INTEGRATION_FAILURE,
  integrationTimeout: HTTP_API_ERRORS.INTEGRATION_TIMEOUT,
};

/** Function URLs have no authorizers, keys or usage plans; those entries are never used. */
export const FUNCTION_URL_DIALECT: ErrorDialect = {
  notFound: FUNCTION_URL_ERRORS.FORBIDDEN,
  invalidApiKey: FUNCTION_URL_ERRORS.FORBIDDEN,
  unauthorized: FUNCTION_URL_ERRORS.FORBIDDEN,
  denied: FUNCTION_URL_ERRORS.FORBIDDEN,
  explicitlyDenied: FUNCTION_URL_ERRORS.FORBIDDEN,
  authorizerFailure: FUNCTION_URL_ERRORS.INTEGRATION_FAILURE,
  throttled: FUNCTION_URL_ERRORS.THROTTLED,
  quotaExceeded: FUNCTION_URL_ERRORS.THROTTLED,
  requestTooLarge: FUNCTION_URL_ERRORS.REQUEST_TOO_LARGE,
  badRequestBody: FUNCTION_URL_ERRORS.BAD_REQUEST_BODY,
  integrationFailure: FUNCTION_URL_ERRORS.INTEGRATION_FAILURE,
  lambdaThrottled: FUNCTION_URL_ERRORS.THROTTLED,
  integrationTimeout: FUNCTION_URL_ERRORS.INTEGRATION_FAILURE,
};

/** The answer to a request Fastify refused before any route ran (body too large or unparsable, or a fault of ours). */
export function bodyErrorSpec(statusCode: number | undefined, dialect: ErrorDialect): GatewayErrorSpec {
  if (statusCode === 413) return dialect.requestTooLarge;
  return (statusCode ?? 500) < 500 ? dialect.badRequestBody : dialect.integrationFailure;
}
