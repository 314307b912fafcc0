import type { ConverseCommandOutput, ConverseStreamOutput } from '@aws-sdk/client-bedrock-runtime';
import type { GenerationEvent } from '../conversation/types.js';
import { checkContextWindow } from '../conversation/contextWindow.js';
import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, resolveTextModel, startEventStream, type ModelCallInput } from './ModelCall.js';
import { BedrockError } from '../errors.js';

type ConverseOutput = Omit<ConverseCommandOutput, '$metadata'>;

function toolNames(body: unknown): string[] | undefined {
  const tools = (body as { toolConfig?: { tools?: Array<{ toolSpec?: { name?: string } }> } })?.toolConfig?.tools;
  return tools?.flatMap((tool) => (tool.toolSpec?.name ? [tool.toolSpec.name] : []));
}

/** Converse: the whole answer as one JSON document. */
export function converse(service: BedrockService, call: ModelCallInput): Promise<ConverseOutput> {
  return logged(service, 'Converse', call, async (note) => {
    const model = resolveTextModel(service, call.modelId);
    note({}, model);
    const input = validateConverseRequest(call.body, model.entry);
    note({ system: input.system, messages: input.messages, tools: toolNames(call.body) });
    checkContextWindow(model.entry, input);
    const prepared = await service.prepare('Converse', model, input, call.headers, false, call.clientGone);
    note({ responder: prepared.responder.name, faults: prepared.faultNames });
    const result = await prepared.generation.complete();
    const output: ConverseOutput = {
      output: { message: { role: 'assistant', content: result.content } },
      stopReason: result.stopReason,
      usage: result.usage,
      metrics: { latencyMs: result.latencyMs },
    };
    note({ output: output.output, stopReason: result.stopReason, usage: result.usage });
    return output;
  });
}

/** The ConverseStream event (member name and its own body) for one generation event. */
function converseStreamEvents(event: GenerationEvent): Array<[keyof ConverseStreamOutput & string, unknown]> {
  switch (event.type) {
    case 'messageStart':
      return [['messageStart', { role: 'assistant' }]];
    case 'blockStart':
      return event.toolUse ? [['contentBlockStart', { contentBlockIndex: event.index, start: { toolUse: event.toolUse } }]] : [];
    case 'textDelta':
      return [['contentBlockDelta', { contentBlockIndex: event.index, delta: { text: event.text } }]];
    case 'toolInputDelta':
      return [['contentBlockDelta', { contentBlockIndex: event.index, delta: { toolUse: { input: event.input } } }]];
    case 'blockStop':
      return [['contentBlockStop', { contentBlockIndex: event.index }]];
    case 'messageStop':
      return [['messageStop', { stopReason: event.stopReason }]];
    case 'metadata':
      return [['metadata', { usage: event.usage, metrics: { latencyMs: event.latencyMs } }]];
  }
}

/** ConverseStream: an event stream of the answer, paced, frames leaving as they are produced. */
export function converseStream(service: BedrockService, call: ModelCallInput): Promise<AsyncGenerator<Uint8Array>> {
  return logged(
    service,
    'ConverseStream',
    call,
    async (note) => {
      const model = resolveTextModel(service, call.modelId);
      note({}, model);
      if (!model.entry.supportsStreaming) throw new BedrockError('ValidationException', 'The model is unsupported for streaming.');
      const input = validateConverseRequest(call.body, model.entry);
      checkContextWindow(model.entry, input);
      const prepared = await service.prepare('ConverseStream', model, input, call.headers, true, call.clientGone);
      const outcome = () => {
        const result = prepared.generation.result;
        return {
          system: input.system,
          messages: input.messages,
          tools: toolNames(call.body),
          responder: prepared.responder.name,
          faults: prepared.faultNames,
          output: result ? { message: { role: 'assistant', content: result.content } } : undefined,
          stopReason: result?.stopReason,
          usage: result?.usage,
        };
      };
      return startEventStream(service, 'ConverseStream', call, model, prepared, converseStreamEvents, outcome);
    },
    false,
  );
}
