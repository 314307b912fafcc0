/**
 * JSON answers for API Gateway REST (payload v1) proxy integrations.
 */
import type { APIGatewayProxyResult } from 'aws-lambda';
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

/**
 * The request body as text: API Gateway and Function URLs base64-encode bodies they consider binary
 * (and `sam local generate-event` always does).
 */
export function decodeBody(body: string | null | undefined, isBase64Encoded: boolean | undefined): string | undefined {
  if (body === null || body === undefined) return undefined;
  return isBase64Encoded ? Buffer.from(body, 'base64').toString('utf8') : body;
}
