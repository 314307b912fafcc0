/**
 * The body of `POST /tasks`: `{"prompt": string, "callback_url"?: string}`.
 */
import { BadRequestError } from '../lib/errors.js';
import { CallbackUrlRefusedError, type CallbackUrlPolicy } from './callbackUrlPolicy.js';
import { parseJsonObjectBody, requiredStringField } from '../lib/jsonBody.js';

export interface SubmitRequest {
  prompt: string;
  callbackUrl?: string;
}

export interface SubmitRequestLimits {
  maxPromptBytes: number;
  callbackPolicy: CallbackUrlPolicy;
}

/**
 * Validates a submit body. Throws `BadRequestError` (400) for malformed JSON, a missing, empty or
 * non-string prompt, a prompt over the limit, unknown fields, or a callback URL the policy refuses.
 */
export function parseSubmitRequest(body: string | undefined, limits: SubmitRequestLimits): SubmitRequest {
  const fields = parseJsonObjectBody(body, '{"prompt": "...", "callback_url"?: "https://..."}');
  const unknown = Object.keys(fields).filter((key) => key !== 'prompt' && key !== 'callback_url');
  if (unknown.length > 0) throw new BadRequestError(`Unknown field(s): ${unknown.join(', ')}`);
  const prompt = requiredStringField(fields, 'prompt');
  const callbackUrl = fields.callback_url;
  if (Buffer.byteLength(prompt, 'utf8') > limits.maxPromptBytes) {
    throw new BadRequestError(`"prompt" must be at most ${limits.maxPromptBytes} bytes`);
  }
  if (callbackUrl === undefined || callbackUrl === null) return { prompt };
  try {
    return { prompt, callbackUrl: limits.callbackPolicy.check(callbackUrl).toString() };
  } catch (error) {
    if (error instanceof CallbackUrlRefusedError) throw new BadRequestError(error.message, { cause: error });
    throw error;
  }
}

