import type { ToolConfiguration } from '@aws-sdk/client-bedrock-runtime';
import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import { invocationMetrics, isRecord, malformed, optionalNumber, requireKeys, type InvokeBodyCodec } from './InvokeBodyCodec.js';
import { assertNoExtraneousKeys } from './jsonSchemaViolations.js';

/**
 * Nova's `messages-v1` keys (AWS Bedrock user guide, "Amazon Nova: complete request schema", read
 * 2026-12-07: `schemaVersion`, `system`, `messages`, `inferenceConfig` with `max_new_tokens`,
 * `temperature`, `top_p`, `top_k`, `stopSequences`, `toolConfig`; `reasoningConfig` on Nova 2).
 * The camel-case `maxTokens`/`topP` the codec also reads stay accepted.
 */
const NOVA_KEYS = ['schemaVersion', 'system', 'messages', 'inferenceConfig', 'toolConfig'];
const NOVA_INFERENCE_KEYS = ['max_new_tokens', 'maxTokens', 'temperature', 'top_p', 'topP', 'top_k', 'stopSequences'];

/** Amazon Nova's `messages-v1` body: Converse-shaped content, snake-or-camel inference settings. */
export const amazonNova: InvokeBodyCodec = {
  toConverse(body, model) {
    const request = requireKeys(body, ['messages']);
    assertNoExtraneousKeys(request, model.capabilities?.reasoning ? [...NOVA_KEYS, 'reasoningConfig'] : NOVA_KEYS, { inferenceConfig: NOVA_INFERENCE_KEYS });
    const config = isRecord(request.inferenceConfig) ? request.inferenceConfig : {};
    if (request.inferenceConfig !== undefined && !isRecord(request.inferenceConfig)) throw malformed('#/inferenceConfig: expected type: JSONObject');
    const maxTokens = optionalNumber(config, 'max_new_tokens', 1, Number.MAX_SAFE_INTEGER, 'inferenceConfig/max_new_tokens') ??
      optionalNumber(config, 'maxTokens', 1, Number.MAX_SAFE_INTEGER, 'inferenceConfig/maxTokens');
    return validateConverseRequest(
      {
        system: request.system,
        messages: request.messages,
        inferenceConfig: {
          maxTokens,
          temperature: optionalNumber(config, 'temperature', 0, 1, 'inferenceConfig/temperature'),
          topP: optionalNumber(config, 'topP', 0, 1, 'inferenceConfig/topP') ?? optionalNumber(config, 'top_p', 0, 1, 'inferenceConfig/top_p'),
          stopSequences: config.stopSequences,
        },
        toolConfig: request.toolConfig as ToolConfiguration | undefined,
      },
      model,
    );
  },

  toResponse(result) {
    return {
      output: { message: { role: 'assistant', content: result.content } },
      stopReason: result.stopReason,
      usage: { ...result.usage, cacheReadInputTokenCount: 0, cacheWriteInputTokenCount: 0 },
    };
  },

  streamChunks(event, state) {
    switch (event.type) {
      case 'messageStart':
        return [{ messageStart: { role: 'assistant' } }];
      case 'blockStart':
        return event.toolUse ? [{ contentBlockStart: { start: { toolUse: event.toolUse }, contentBlockIndex: event.index } }] : [];
      case 'textDelta':
        return [{ contentBlockDelta: { delta: { text: event.text }, contentBlockIndex: event.index } }];
      case 'toolInputDelta':
        return [{ contentBlockDelta: { delta: { toolUse: { input: event.input } }, contentBlockIndex: event.index } }];
      case 'blockStop':
        return [{ contentBlockStop: { contentBlockIndex: event.index } }];
      case 'messageStop':
        return [{ messageStop: { stopReason: event.stopReason } }];
      case 'metadata':
        return [
          {
            metadata: { usage: { inputTokens: event.usage.inputTokens, outputTokens: event.usage.outputTokens }, metrics: {}, trace: {} },
            'amazon-bedrock-invocationMetrics': invocationMetrics(state, event.usage),
          },
        ];
    }
  },
};
