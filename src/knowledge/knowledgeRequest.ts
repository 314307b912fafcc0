/**
 * The body of `POST /knowledge/query`: parsed and validated, with a clear message for every way it
 * can be wrong.
 */
import { BadRequestError, PayloadTooLargeError } from '../lib/errors.js';
import { parseJsonObjectBody, requiredStringField } from '../lib/jsonBody.js';

/** `retrieve`: the matching passages only; `generate`: an answer written from them, with citations. */
export type KnowledgeMode = 'retrieve' | 'generate';

/** Bedrock's `RetrieveAndGenerate` takes at most 1 000 characters of question; `Retrieve` the same. */
export const MAX_QUESTION_CHARACTERS = 1000;
/** `max_results` bounds (Bedrock allows up to 100; a REST answer stays small). */
export const MAX_RESULTS_LIMIT = 25;

export interface KnowledgeRequest {
  question: string;
  mode: KnowledgeMode;
  /** Passages to retrieve; absent: Bedrock's default (5). */
  maxResults?: number;
  /** The caller asked for the stronger model. */
  complex: boolean;
}

const KNOWN_FIELDS = new Set(['question', 'mode', 'max_results', 'complex']);

/**
 * Parses a knowledge query body (already base64-decoded).
 *
 * @throws BadRequestError (400) for a missing body, malformed JSON, a body that is not an object, an
 *   unknown field, a missing, non-string or blank `question`, a `mode` other than `retrieve` /
 *   `generate`, a `max_results` that is not an integer in 1..25, or a non-boolean `complex`.
 * @throws PayloadTooLargeError (413) for a `question` over `MAX_QUESTION_CHARACTERS`.
 * @example
 * parseKnowledgeRequest('{"question":"How do I deploy?"}') // { question: 'How do I deploy?', mode: 'generate', complex: false }
 */
export function parseKnowledgeRequest(body: string | undefined): KnowledgeRequest {
  const fields = parseJsonObjectBody(body, '{"question": "..."}');
  const unknown = Object.keys(fields).filter((key) => !KNOWN_FIELDS.has(key));
  if (unknown.length) throw new BadRequestError(`Unknown field(s): ${unknown.map((key) => `"${key}"`).join(', ')}`);

  const { mode = 'generate', max_results: maxResults, complex = false } = fields;
  const trimmed = requiredStringField(fields, 'question').trim();
  if (trimmed.length > MAX_QUESTION_CHARACTERS) {
    throw new PayloadTooLargeError(`"question" is too long: ${trimmed.length} characters, at most ${MAX_QUESTION_CHARACTERS}`);
  }
  if (mode !== 'retrieve' && mode !== 'generate') throw new BadRequestError('"mode" must be "retrieve" or "generate"');
  if (maxResults !== undefined && (typeof maxResults !== 'number' || !Number.isInteger(maxResults) || maxResults < 1 || maxResults > MAX_RESULTS_LIMIT)) {
    throw new BadRequestError(`"max_results" must be an integer from 1 to ${MAX_RESULTS_LIMIT}`);
  }
  if (typeof complex !== 'boolean') throw new BadRequestError('"complex" must be a boolean');
  return { question: trimmed, mode, complex, ...(maxResults !== undefined ? { maxResults } : {}) };
}
