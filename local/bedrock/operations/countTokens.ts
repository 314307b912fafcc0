import type { CountTokensCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { countInputTokens } from '../conversation/tokenEstimator.js';
import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import { validationError } from '../errors.js';
import { codecFor } from '../families/codecs.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, resolveTextModel, type ModelCallInput } from './ModelCall.js';
import { assertModelInput, bodyMembers } from './modelInput.js';

/** CountTokens: the input tokens a Converse or InvokeModel request would use. */
export function countTokensOperation(service: BedrockService, call: ModelCallInput): Promise<Omit<CountTokensCommandOutput, '$metadata'>> {
  return logged(service, 'CountTokens', call, async (note) => {
    assertModelInput('bedrock-runtime', 'CountTokens', { ...bodyMembers(call.body), modelId: call.modelId });
    const model = resolveTextModel(service, call.modelId);
    note({}, model);
    const input = isRecord(call.body) && isRecord(call.body.input) ? call.body.input : undefined;
    if (!input || (input.converse === undefined) === (input.invokeModel === undefined)) {
      throw validationError('The input field must set exactly one of converse or invokeModel.');
    }
    let converseInput;
    if (input.converse !== undefined) {
      converseInput = validateConverseRequest(input.converse, model.entry);
    } else {
      const encoded = isRecord(input.invokeModel) ? input.invokeModel.body : undefined;
      if (typeof encoded !== 'string') throw validationError('The invokeModel.body field is required.');
      let body: unknown;
      try {
        body = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
      } catch {
        throw validationError('Malformed input request, please reformat your input and try again.');
      }
      const codec = codecFor(model.entry.family);
      if (!codec) throw validationError('The provided model does not support counting tokens.');
      converseInput = codec.toConverse(body, model.entry);
    }
    const inputTokens = countInputTokens(converseInput);
    note({ messages: converseInput.messages, system: converseInput.system, output: { inputTokens } });
    return { inputTokens };
  });
}
