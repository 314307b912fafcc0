import type { ConverseCommandOutput } from '@aws-sdk/client-bedrock-runtime';
import { checkContextWindow } from '../conversation/contextWindow.js';
import { validateConverseRequest } from '../conversation/validateConverseRequest.js';
import { assessInput, assessOutput, guardedContent, guardrailNote, guardrailTrace, outputTexts, readGuardrailConfig } from '../guardrails/converseGuardrail.js';
import type { BedrockService } from '../server/BedrockService.js';
import { logged, resolveTextModel, startEventStream, type ModelCallInput } from './ModelCall.js';
import { BedrockError } from '../errors.js';
import { converseStreamEvents } from './converseStreamEvents.js';
import { blockedInputStream, GuardedStreamMapper } from './guardedConverseStream.js';
import { assertModelInput, bodyMembers } from './modelInput.js';
import { checkConverseRequestRules } from '../families/modelRequestRules.js';

type ConverseOutput = Omit<ConverseCommandOutput, '$metadata'>;

function toolNames(body: unknown): string[] | undefined {
  const tools = (body as { toolConfig?: { tools?: Array<{ toolSpec?: { name?: string } }> } })?.toolConfig?.tools;
  return tools?.flatMap((tool) => (tool.toolSpec?.name ? [tool.toolSpec.name] : []));
}

/** Converse: the whole answer as one JSON document; with `guardrailConfig`, input and output guarded. */
export function converse(service: BedrockService, call: ModelCallInput): Promise<ConverseOutput> {
  return logged(service, 'Converse', call, async (note) => {
    const started = performance.now();
    assertModelInput('bedrock-runtime', 'Converse', { ...bodyMembers(call.body), modelId: call.modelId });
    const model = resolveTextModel(service, call.modelId);
    note({}, model);
    const input = validateConverseRequest(call.body, model.entry);
    checkConverseRequestRules(model.entry, input, call.body);
    const guard = readGuardrailConfig(call.body, service.guardrails, false);
    note({ system: input.system, messages: input.messages, tools: toolNames(call.body) });
    const inputCheck = guard && assessInput(guard, input.messages, input.system);
    if (guard && inputCheck?.blocked) {
      // The model is not called: the guardrail's blocked-input message is the answer.
      const output: ConverseOutput = {
        output: { message: { role: 'assistant', content: [{ text: guard.definition.properties.BlockedInputMessaging }] } },
        stopReason: 'guardrail_intervened',
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        metrics: { latencyMs: Math.round(performance.now() - started) },
        trace: guardrailTrace(guard, inputCheck),
      };
      note({ output: output.output, stopReason: output.stopReason, usage: output.usage, guardrail: guardrailNote(guard, inputCheck) });
      return output;
    }
    checkContextWindow(model.entry, input);
    const prepared = await service.prepare('Converse', model, input, call.headers, false, call.clientGone);
    note({ responder: prepared.responder.name, faults: prepared.faultNames });
    const result = await prepared.generation.complete();
    let content = result.content;
    let stopReason = result.stopReason;
    let trace: ConverseOutput['trace'];
    if (guard && inputCheck) {
      const modelOutput = outputTexts(result.content);
      const outputCheck = assessOutput(guard, modelOutput);
      content = guardedContent(result.content, outputCheck, guard);
      if (outputCheck.action === 'GUARDRAIL_INTERVENED') stopReason = 'guardrail_intervened';
      trace = guardrailTrace(guard, inputCheck, { evaluation: outputCheck, modelOutput });
      note({ guardrail: guardrailNote(guard, inputCheck, outputCheck) });
    }
    const output: ConverseOutput = {
      output: { message: { role: 'assistant', content } },
      stopReason,
      usage: result.usage,
      metrics: { latencyMs: result.latencyMs },
      ...(trace ? { trace } : {}),
    };
    note({ output: output.output, stopReason, usage: result.usage });
    return output;
  });
}

/** ConverseStream: an event stream of the answer, paced, frames leaving as they are produced. */
export function converseStream(service: BedrockService, call: ModelCallInput): Promise<AsyncGenerator<Uint8Array>> {
  return logged(
    service,
    'ConverseStream',
    call,
    async (note) => {
      assertModelInput('bedrock-runtime', 'ConverseStream', { ...bodyMembers(call.body), modelId: call.modelId });
      const model = resolveTextModel(service, call.modelId);
      note({}, model);
      if (!model.entry.supportsStreaming) throw new BedrockError('ValidationException', 'The model is unsupported for streaming.');
      const input = validateConverseRequest(call.body, model.entry);
      checkConverseRequestRules(model.entry, input, call.body);
      const guard = readGuardrailConfig(call.body, service.guardrails, true);
      const inputCheck = guard && assessInput(guard, input.messages, input.system);
      if (guard && inputCheck?.blocked) return blockedInputStream(service, call, model, guard, inputCheck, input);
      checkContextWindow(model.entry, input);
      const prepared = await service.prepare('ConverseStream', model, input, call.headers, true, call.clientGone);
      const mapper = guard && inputCheck ? new GuardedStreamMapper(guard, inputCheck) : undefined;
      const outcome = () => {
        const result = prepared.generation.result;
        const guarded = mapper?.outcome();
        return {
          system: input.system,
          messages: input.messages,
          tools: toolNames(call.body),
          responder: prepared.responder.name,
          faults: prepared.faultNames,
          output: guarded?.output ?? (result ? { message: { role: 'assistant' as const, content: result.content } } : undefined),
          stopReason: guarded?.stopReason ?? result?.stopReason,
          usage: result?.usage,
          guardrail: guarded?.guardrail,
        };
      };
      return startEventStream(service, 'ConverseStream', call, model, prepared, mapper ? (event) => mapper.map(event) : converseStreamEvents, outcome);
    },
    false,
  );
}
