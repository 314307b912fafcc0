/**
 * The body of `POST /chat` (and of the streaming Function URL): parsed and validated, with a clear
 * message for every way it can be wrong.
 */
import { BadRequestError, PayloadTooLargeError } from '../lib/errors.js';
import { parseJsonObjectBody, requiredStringField } from '../lib/jsonBody.js';

/**
 * Largest accepted `message`, in UTF-8 bytes (100 000 ASCII characters). Larger answers 413 (Payload
 * Too Large), not 400: the request is well-formed, just too big. Counted in bytes, not characters,
 * because the message is stored with the reply in one DynamoDB item, and items are limited to 400 KB:
 * 100 000 CJK characters are 300 KB.
 */
export const MAX_MESSAGE_BYTES = 100_000;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ChatRequest {
  message: string;
  /** Lower-cased UUID of an existing conversation; absent to start a new one. */
  conversationId?: string;
}

/**
 * Parses a chat request body (already base64-decoded).
 *
 * @throws BadRequestError (400) for a missing body, malformed JSON, a body that is not an object,
 *   a missing, non-string or blank `message`, or a `conversation_id` that is not a UUID string.
 * @throws PayloadTooLargeError (413) for a `message` over `MAX_MESSAGE_BYTES`.
 * @example
 * parseChatRequest('{"message":"Hello"}') // { message: 'Hello' }
 */
export function parseChatRequest(body: string | undefined): ChatRequest {
  const fields = parseJsonObjectBody(body, '{"message": "..."}');
  const message = requiredStringField(fields, 'message');
  const conversationId = fields.conversation_id;
  const bytes = Buffer.byteLength(message, 'utf8');
  if (bytes > MAX_MESSAGE_BYTES) {
    throw new PayloadTooLargeError(`"message" is too long: ${bytes} bytes (UTF-8), at most ${MAX_MESSAGE_BYTES}`);
  }

  if (conversationId === undefined || conversationId === null) return { message };
  if (typeof conversationId !== 'string') throw new BadRequestError('"conversation_id" must be a string');
  if (!UUID_PATTERN.test(conversationId)) throw new BadRequestError('"conversation_id" must be a UUID');
  return { message, conversationId: conversationId.toLowerCase() };
}
