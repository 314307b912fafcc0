import type { Message, SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import { invocationMetrics, malformed, optionalNumber, requireKeys, type InvokeBodyCodec } from './InvokeBodyCodec.js';
import { assertNoExtraneousKeys } from './jsonSchemaViolations.js';

/**
 * The keys of a Meta Llama body (AWS Bedrock user guide, "Meta Llama models", read 2026-12-07:
 * `prompt`, `temperature`, `top_p`, `max_gen_len`; `images` for the Llama 3.2 vision models).
 */
const LLAMA_KEYS = ['prompt', 'temperature', 'top_p', 'max_gen_len', 'images'];

const TURN = /<\|start_header_id\|>(system|user|assistant)<\|end_header_id\|>\s*([\s\S]*?)(?:<\|eot_id\|>|$)/g;

/** Reads a Llama 3 chat-template prompt into turns; a plain prompt is one user turn. */
export function parseLlamaPrompt(prompt: string): { system: SystemContentBlock[]; messages: Message[] } {
  const system: SystemContentBlock[] = [];
  const messages: Message[] = [];
  for (const [, role, text] of prompt.matchAll(TURN)) {
    const trimmed = text.trim();
    if (!trimmed) continue;
    if (role === 'system') {
      system.push({ text: trimmed });
      continue;
    }
    const last = messages[messages.length - 1];
    if (last?.role === role) last.content = [{ text: `${last.content?.[0]?.text ?? ''}\n${trimmed}` }];
    else messages.push({ role: role as 'user' | 'assistant', content: [{ text: trimmed }] });
  }
  if (messages.length === 0 || messages[0].role !== 'user') return { system: [], messages: [{ role: 'user', content: [{ text: prompt.trim() || prompt }] }] };
  return { system, messages };
}

function stopReasonOf(reason: string | undefined): string {
  return reason === 'max_tokens' ? 'length' : 'stop';
}

/** Meta Llama: `{prompt, max_gen_len, temperature, top_p}` → `{generation, …_token_count, stop_reason}`. */
export const metaLlama: InvokeBodyCodec = {
  toConverse(body, model) {
    const request = requireKeys(body, ['prompt']);
    assertNoExtraneousKeys(request, LLAMA_KEYS);
    if (typeof request.prompt !== 'string') throw malformed(`#/prompt: expected type: String, found: ${typeof request.prompt}`);
    if (request.prompt.trim() === '') throw malformed('#/prompt: expected minLength: 1, actual: 0');
    const { system, messages } = parseLlamaPrompt(request.prompt);
    return validateConverseRequest(
      {
        system,
        messages,
        inferenceConfig: {
          maxTokens: optionalNumber(request, 'max_gen_len', 1, model.maxOutputTokens ?? 2048),
          temperature: optionalNumber(request, 'temperature', 0, 1),
          topP: optionalNumber(request, 'top_p', 0, 1),
        },
      },
      { ...model, supportsSystemPrompt: true },
    );
  },

  toResponse(result) {
    return {
      generation: result.content.map((block) => block.text ?? '').join(''),
      prompt_token_count: result.usage.inputTokens,
      generation_token_count: result.usage.outputTokens,
      stop_reason: stopReasonOf(result.stopReason),
    };
  },

  streamChunks(event, state) {
    if (event.type === 'textDelta') {
      state.outputTokens++;
      return [{ generation: event.text, prompt_token_count: null, generation_token_count: state.outputTokens, stop_reason: null }];
    }
    if (event.type === 'messageStop') state.stopReason = event.stopReason;
    if (event.type !== 'metadata') return [];
    return [
      {
        generation: '',
        prompt_token_count: event.usage.inputTokens,
        generation_token_count: event.usage.outputTokens,
        stop_reason: stopReasonOf(state.stopReason),
        'amazon-bedrock-invocationMetrics': invocationMetrics(state, event.usage),
      },
    ];
  },
};
