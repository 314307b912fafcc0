/**
 * JSON answers for API Gateway REST (payload v1) proxy integrations.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
import type { Logger } from '@aws-lambda-powertools/logger';
import { HttpError, InternalServerError } from './errors.js';

const JSON_HEADERS = { 'Content-Type': 'application/json' } as const;

/**
 * A proxy result whose body is `body` serialised as JSON.
 *
 * @example
 * return jsonResponse(200, { conversation_id: id, response: text });
 */
export function jsonResponse(statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult {
  return { statusCode, headers: { ...JSON_HEADERS, ...headers }, body: JSON.stringify(body) };
}

/**
 * Turns an error into the HTTP error the client should see: an `HttpError` keeps its status and
 * message, anything else becomes `500 Internal server error` (its details belong in the logs only).
 */
export function toHttpError(error: unknown): HttpError {
  return error instanceof HttpError ? error : new InternalServerError(undefined, { cause: error });
}

/** A proxy result `{"message": …}` for an error (see `toHttpError`). */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  const httpError = toHttpError(error);
  return jsonResponse(httpError.statusCode, { message: httpError.message });
}

/** Log messages for a failed request: `failed` for 5xx; `refused` for 4xx (not logged without it). */
export interface FailureMessages {
  failed: string;
  refused?: string;
}

/**
 * Logs a failure and returns the HTTP error the client should see: 5xx at `error` with the cause
 * (its stack), 4xx at `warn` with the reason when `messages.refused` is set.
 */
export function logHttpError(logger: Logger, error: unknown, messages: FailureMessages): HttpError {
  const httpError = toHttpError(error);
  const status = httpError.statusCode;
  if (status >= 500) logger.error(messages.failed, { status, error: httpError.cause ?? httpError });
  else if (messages.refused) logger.warn(messages.refused, { status, reason: httpError.message, cause: causeMessage(httpError.cause) });
  return httpError;
}

/**
 * The proxy result for a failed request, logged as `logHttpError` does.
 *
 * @example
 * catch (error) { return failureResponse(logger, error, { failed: 'Chat request failed', refused: 'Chat request refused' }); }
 */
export function failureResponse(logger: Logger, error: unknown, messages: FailureMessages): APIGatewayProxyResult {
  return errorResponse(logHttpError(logger, error, messages));
}

function causeMessage(cause: unknown): string | undefined {
  return cause instanceof Error ? cause.message : undefined;
}

/**
 * The request body as text: API Gateway and Function URLs base64-encode bodies they consider binary
 * (and `sam local generate-event` always does).
 */
export function decodeBody(body: string | null | undefined, isBase64Encoded: boolean | undefined): string | undefined {
  if (body === null || body === undefined) return undefined;
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
