import type { ContentBlock, Message, SystemContentBlock, Tool, ToolChoice } from '@aws-sdk/client-bedrock-runtime';
import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import { validationError } from '../errors.js';
import { invocationMetrics, isRecord, malformed, optionalNumber, requireKeys, type InvokeBodyCodec } from './InvokeBodyCodec.js';

function toBlocks(content: unknown, path: string): ContentBlock[] {
  if (typeof content === 'string') return [{ text: content }];
  if (!Array.isArray(content)) throw malformed(`#/${path}: expected type: JSONArray or String`);
  return content.map((block: unknown, index): ContentBlock => {
    if (!isRecord(block)) throw malformed(`#/${path}/${index}: expected type: JSONObject`);
    switch (block.type) {
      case 'text':
        return { text: String(block.text ?? '') };
      case 'image':
        return { image: { format: 'png', source: { bytes: new Uint8Array() } } };
      case 'tool_use':
        return { toolUse: { toolUseId: String(block.id), name: String(block.name), input: (block.input ?? {}) as never } };
      case 'tool_result': {
        const inner = typeof block.content === 'string' ? [{ text: block.content }] : Array.isArray(block.content) ? block.content : [];
        return {
          toolResult: {
            toolUseId: String(block.tool_use_id),
            content: inner.map((part: { text?: string }) => ({ text: String(part.text ?? '') })),
            status: block.is_error ? 'error' : 'success',
          },
        };
      }
      default:
        throw malformed(`#/${path}/${index}/type: ${String(block.type)} is not a valid enum value`);
    }
  });
}

/** `claude-3-haiku-20240307` from `anthropic.claude-3-haiku-20240307-v1:0`. */
function apiModelName(id: string): string {
  return id.replace(/^anthropic\./, '').replace(/-v\d+:\d+$/, '');
}

function stopReasonOf(reason: string | undefined): string {
  return reason === 'max_tokens' || reason === 'stop_sequence' || reason === 'tool_use' ? reason : 'end_turn';
}

/** Anthropic Messages on Bedrock (`anthropic_version: bedrock-2023-05-31`). */
export const anthropicMessages: InvokeBodyCodec = {
  toConverse(body, model) {
    const request = requireKeys(body, ['anthropic_version', 'max_tokens', 'messages']);
    if (request.anthropic_version !== 'bedrock-2023-05-31') throw validationError('Invalid API version');
    if (!Array.isArray(request.messages)) throw malformed('#/messages: expected type: JSONArray');
    const maxTokens = optionalNumber(request, 'max_tokens', 1, Number.MAX_SAFE_INTEGER);
    const messages: Message[] = request.messages.map((message: unknown, index) => {
      if (!isRecord(message)) throw malformed(`#/messages/${index}: expected type: JSONObject`);
      return { role: message.role as Message['role'], content: toBlocks(message.content, `messages/${index}/content`) };
    });
    const system: SystemContentBlock[] =
      typeof request.system === 'string'
        ? [{ text: request.system }]
        : Array.isArray(request.system)
          ? request.system.map((block: { text?: string }) => ({ text: String(block.text ?? '') }))
          : [];
    const tools: Tool[] | undefined = Array.isArray(request.tools)
      ? request.tools.map((tool: Record<string, unknown>) => ({
          toolSpec: { name: String(tool.name), description: tool.description as string | undefined, inputSchema: { json: (tool.input_schema ?? {}) as never } },
        }))
      : undefined;
    const choice = isRecord(request.tool_choice) ? request.tool_choice : undefined;
    const toolChoice: ToolChoice | undefined =
      choice?.type === 'any' ? { any: {} } : choice?.type === 'tool' ? { tool: { name: String(choice.name) } } : choice ? { auto: {} } : undefined;
    return validateConverseRequest(
      {
        system,
        messages,
        inferenceConfig: {
          maxTokens,
          temperature: optionalNumber(request, 'temperature', 0, 1),
          topP: optionalNumber(request, 'top_p', 0, 1),
          stopSequences: request.stop_sequences,
        },
        toolConfig: tools ? { tools, toolChoice } : undefined,
      },
      model,
    );
  },

  toResponse(result, state) {
    return {
      id: state.messageId,
      type: 'message',
      role: 'assistant',
      model: apiModelName(state.model.entry.id),
      content: result.content.map((block) =>
        block.toolUse ? { type: 'tool_use', id: block.toolUse.toolUseId, name: block.toolUse.name, input: block.toolUse.input } : { type: 'text', text: block.text ?? '' },
      ),
      stop_reason: stopReasonOf(result.stopReason),
      stop_sequence: null,
      usage: { input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens },
    };
  },

  streamChunks(event, state) {
    switch (event.type) {
      case 'messageStart':
        return [
          {
            type: 'message_start',
            message: {
              id: state.messageId,
              type: 'message',
              role: 'assistant',
              model: apiModelName(state.model.entry.id),
              content: [],
              stop_reason: null,
              stop_sequence: null,
              usage: { input_tokens: 0, output_tokens: 1 },
            },
          },
        ];
      case 'blockStart':
        return event.toolUse
          ? [{ type: 'content_block_start', index: event.index, content_block: { type: 'tool_use', id: event.toolUse.toolUseId, name: event.toolUse.name, input: {} } }]
          : [];
      case 'textDelta': {
        const chunks: unknown[] = [];
        if (state.openTextBlock !== event.index) {
          chunks.push({ type: 'content_block_start', index: event.index, content_block: { type: 'text', text: '' } });
          state.openTextBlock = event.index;
        }
        state.outputTokens++;
        chunks.push({ type: 'content_block_delta', index: event.index, delta: { type: 'text_delta', text: event.text } });
        return chunks;
      }
      case 'toolInputDelta':
        return [{ type: 'content_block_delta', index: event.index, delta: { type: 'input_json_delta', partial_json: event.input } }];
      case 'blockStop':
        return [{ type: 'content_block_stop', index: event.index }];
      case 'messageStop':
        state.stopReason = event.stopReason;
        return [];
      case 'metadata':
        return [
          { type: 'message_delta', delta: { stop_reason: stopReasonOf(state.stopReason), stop_sequence: null }, usage: { output_tokens: event.usage.outputTokens } },
          { type: 'message_stop', 'amazon-bedrock-invocationMetrics': invocationMetrics(state, event.usage) },
        ];
    }
  },
};
