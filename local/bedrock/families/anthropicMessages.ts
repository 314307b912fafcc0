import type { ContentBlock, ImageFormat, Message, SystemContentBlock, Tool, ToolChoice } from '@aws-sdk/client-bedrock-runtime';
import { checkAnthropicBody } from './anthropicBodyRules.js';
import { checkModelRequestRules } from './modelRequestRules.js';
import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import { validationError } from '../errors.js';
import { invocationMetrics, isRecord, type InvokeBodyCodec } from './InvokeBodyCodec.js';

const IMAGE_FORMATS: Record<string, ImageFormat> = { 'image/jpeg': 'jpeg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp' };

function bytesOf(data: unknown, encoding: 'base64' | 'utf8' = 'base64'): Uint8Array {
  return typeof data === 'string' ? new Uint8Array(Buffer.from(data, encoding)) : new Uint8Array();
}

/** One Anthropic content block (already checked by the schema) in Converse's shape; `cache_control` becomes a following cachePoint. */
function toBlock(block: Record<string, unknown>, index: number): ContentBlock[] {
  const source = isRecord(block.source) ? block.source : {};
  let converted: ContentBlock;
  switch (block.type) {
    case 'image':
      converted = { image: { format: IMAGE_FORMATS[String(source.media_type)] ?? 'png', source: { bytes: bytesOf(source.data) } } };
      break;
    case 'document':
      converted = {
        document: {
          format: source.media_type === 'application/pdf' ? 'pdf' : 'txt',
          name: typeof block.title === 'string' ? block.title : `document-${index + 1}`,
          source: { bytes: bytesOf(source.data, source.type === 'base64' ? 'base64' : 'utf8') },
        },
      };
      break;
    case 'tool_use':
      converted = { toolUse: { toolUseId: String(block.id), name: String(block.name), input: (block.input ?? {}) as never } };
      break;
    case 'tool_result': {
      const inner = typeof block.content === 'string' ? [{ text: block.content }] : Array.isArray(block.content) ? (block.content as Array<Record<string, unknown>>) : [];
      converted = {
        toolResult: {
          toolUseId: String(block.tool_use_id),
          content: inner.map((part) => ({ text: String(part.text ?? '') })),
          status: block.is_error ? 'error' : 'success',
        },
      };
      break;
    }
    case 'thinking':
      converted = { reasoningContent: { reasoningText: { text: String(block.thinking), signature: String(block.signature) } } };
      break;
    case 'redacted_thinking':
      converted = { reasoningContent: { redactedContent: bytesOf(block.data) } };
      break;
    default:
      converted = { text: String(block.text ?? '') };
  }
  return block.cache_control ? [converted, { cachePoint: { type: 'default' } }] : [converted];
}

function toBlocks(content: unknown): ContentBlock[] {
  if (typeof content === 'string') return [{ text: content }];
  return (content as Array<Record<string, unknown>>).flatMap((block, index) => toBlock(block, index));
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
    const request = checkAnthropicBody(body, model);
    if (request.anthropic_version !== 'bedrock-2023-05-31') throw validationError('Invalid API version');
    const maxTokens = request.max_tokens as number;
    const messages: Message[] = (request.messages as Array<Record<string, unknown>>).map((message) => ({ role: message.role as Message['role'], content: toBlocks(message.content) }));
    const system: SystemContentBlock[] =
      typeof request.system === 'string'
        ? [{ text: request.system }]
        : Array.isArray(request.system)
          ? (request.system as Array<Record<string, unknown>>).flatMap((block) => {
              const text: SystemContentBlock = { text: String(block.text ?? '') };
              return block.cache_control ? [text, { cachePoint: { type: 'default' } }] : [text];
            })
          : [];
    const tools: Tool[] | undefined = Array.isArray(request.tools)
      ? (request.tools as Array<Record<string, unknown>>).flatMap((tool): Tool[] => {
          const spec: Tool = { toolSpec: { name: String(tool.name), description: tool.description as string | undefined, inputSchema: { json: (tool.input_schema ?? {}) as never } } };
          return tool.cache_control ? [spec, { cachePoint: { type: 'default' } }] : [spec];
        })
      : undefined;
    const choice = isRecord(request.tool_choice) ? request.tool_choice : undefined;
    const toolChoice: ToolChoice | undefined =
      choice?.type === 'any' ? { any: {} } : choice?.type === 'tool' ? { tool: { name: String(choice.name) } } : choice ? { auto: {} } : undefined;
    const input = validateConverseRequest(
      {
        system,
        messages,
        inferenceConfig: {
          maxTokens,
          temperature: request.temperature as number | undefined,
          topP: request.top_p as number | undefined,
          stopSequences: request.stop_sequences as string[] | undefined,
        },
        toolConfig: tools ? { tools, toolChoice } : undefined,
      },
      model,
    );
    checkModelRequestRules(
      model,
      { ...input, temperature: request.temperature as number | undefined, topP: request.top_p as number | undefined, maxTokens, thinking: request.thinking },
      'invoke',
    );
    return input;
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
      usage: {
        input_tokens: result.usage.inputTokens,
        output_tokens: result.usage.outputTokens,
        ...(result.usage.cacheWriteInputTokens !== undefined ? { cache_creation_input_tokens: result.usage.cacheWriteInputTokens, cache_read_input_tokens: result.usage.cacheReadInputTokens } : {}),
      },
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
              usage: { input_tokens: state.inputTokens ?? 0, output_tokens: 1 },
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
