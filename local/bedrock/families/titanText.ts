import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import { invocationMetrics, isRecord, malformed, optionalNumber, requireKeys, type InvokeBodyCodec } from './InvokeBodyCodec.js';
import { assertNoExtraneousKeys } from './jsonSchemaViolations.js';

/**
 * `textGenerationConfig`'s keys (AWS Bedrock user guide, "Amazon Titan Text models", read
 * 2026-12-07: `temperature`, `topP`, `maxTokenCount`, `stopSequences`).
 */
const TITAN_CONFIG_KEYS = ['temperature', 'topP', 'maxTokenCount', 'stopSequences'];

function completionReason(reason: string | undefined): string {
  if (reason === 'max_tokens') return 'LENGTH';
  if (reason === 'stop_sequence') return 'STOP_CRITERIA_MET';
  return 'FINISH';
}

/** Amazon Titan Text: `{inputText, textGenerationConfig}` → `{inputTextTokenCount, results}`. */
export const titanText: InvokeBodyCodec = {
  toConverse(body, model) {
    const request = requireKeys(body, ['inputText']);
    assertNoExtraneousKeys(request, ['inputText', 'textGenerationConfig'], { textGenerationConfig: TITAN_CONFIG_KEYS });
    if (typeof request.inputText !== 'string') throw malformed(`#/inputText: expected type: String, found: ${typeof request.inputText}`);
    if (request.inputText.trim() === '') throw malformed('#/inputText: expected minLength: 1, actual: 0');
    const config = isRecord(request.textGenerationConfig) ? request.textGenerationConfig : {};
    return validateConverseRequest(
      {
        messages: [{ role: 'user', content: [{ text: request.inputText }] }],
        inferenceConfig: {
          maxTokens: optionalNumber(config, 'maxTokenCount', 0, model.maxOutputTokens ?? 8192, 'textGenerationConfig/maxTokenCount') || undefined,
          temperature: optionalNumber(config, 'temperature', 0, 1, 'textGenerationConfig/temperature'),
          topP: optionalNumber(config, 'topP', 0, 1, 'textGenerationConfig/topP'),
          stopSequences: config.stopSequences,
        },
      },
      model,
    );
  },

  toResponse(result) {
    return {
      inputTextTokenCount: result.usage.inputTokens,
      results: [
        {
          tokenCount: result.usage.outputTokens,
          outputText: result.content.map((block) => block.text ?? '').join(''),
          completionReason: completionReason(result.stopReason),
        },
      ],
    };
  },

  streamChunks(event, state) {
    if (event.type === 'textDelta') {
      state.outputTokens++;
      return [{ outputText: event.text, index: 0, totalOutputTextTokenCount: state.outputTokens, completionReason: null, inputTextTokenCount: null }];
    }
    if (event.type === 'messageStop') state.stopReason = event.stopReason;
    if (event.type !== 'metadata') return [];
    return [
      {
        outputText: '',
        index: 0,
        totalOutputTextTokenCount: event.usage.outputTokens,
        completionReason: completionReason(state.stopReason),
        inputTextTokenCount: event.usage.inputTokens,
        'amazon-bedrock-invocationMetrics': invocationMetrics(state, event.usage),
      },
    ];
  },
};
