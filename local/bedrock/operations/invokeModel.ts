import { randomBytes } from 'node:crypto';
import type { ResolvedModel } from '../catalogue/ModelCatalogue.js';
import type { OperationName } from '../conversation/types.js';
import { BedrockError } from '../errors.js';
import { countInputTokens } from '../conversation/tokenEstimator.js';
import { codecFor } from '../families/codecs.js';
import { embed } from '../families/embeddingBodies.js';
import type { ChunkState, InvokeBodyCodec } from '../families/InvokeBodyCodec.js';
import type { BedrockService, CallOutcome } from '../server/BedrockService.js';
import { logged, startEventStream, type ModelCallInput } from './ModelCall.js';
import { assertModelInput, invokeModelInput } from './modelInput.js';

/** InvokeModel's answer: the family's body plus the token/latency headers Bedrock adds. */
interface InvokeModelAnswer {
  body: unknown;
  inputTokens: number;
  outputTokens: number;
  latencyMs: number;
}

function chunkState(model: ResolvedModel): ChunkState {
  return { model, messageId: `msg_bdrk_${randomBytes(12).toString('base64url')}`, outputTokens: 0, startedAt: performance.now() };
}

function textCodec(model: ResolvedModel): InvokeBodyCodec {
  const codec = codecFor(model.entry.family);
  if (!codec) throw new BedrockError('ValidationException', 'The requested operation is not supported by this model.');
  return codec;
}

/** InvokeModel: the model family's own request and response bodies; embeddings too. */
export function invokeModel(service: BedrockService, call: ModelCallInput): Promise<InvokeModelAnswer> {
  const operation: OperationName = 'InvokeModel';
  return logged(service, operation, call, async (note) => {
    assertModelInput('bedrock-runtime', operation, invokeModelInput(call.modelId, call.rawBody, call.headers, false));
    const model = service.resolveModel(call.modelId);
    note({}, model);
    if (model.entry.kind === 'embedding') return invokeEmbedding(service, call, model, note);
    const codec = textCodec(model);
    const input = codec.toConverse(call.body, model.entry);
    note({ system: input.system, messages: input.messages, tools: input.toolConfig?.tools?.map((tool) => tool.toolSpec?.name ?? '') });
    const prepared = await service.prepare(operation, model, input, call.headers, false, call.clientGone);
    note({ responder: prepared.responder.name, faults: prepared.faultNames });
    const result = await prepared.generation.complete();
    const body = codec.toResponse(result, chunkState(model));
    note({ output: body, stopReason: result.stopReason, usage: result.usage });
    return { body, inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0, latencyMs: result.latencyMs };
  });
}

async function invokeEmbedding(
  service: BedrockService,
  call: ModelCallInput,
  model: ResolvedModel,
  note: (outcome: CallOutcome) => void,
): Promise<InvokeModelAnswer> {
  const { faultNames } = await service.applyUpfrontFaults('InvokeModel', model, call.headers, call.clientGone);
  const started = performance.now();
  const answer = embed(call.body, model.entry);
  const usage = { inputTokens: answer.inputTokens, outputTokens: 0, totalTokens: answer.inputTokens };
  note({ responder: 'deterministic-embedding', faults: faultNames, usage, output: { dimensions: dimensionsOf(answer.body) } });
  return { body: answer.body, inputTokens: answer.inputTokens, outputTokens: 0, latencyMs: Math.max(1, Math.round(performance.now() - started)) };
}

function dimensionsOf(body: unknown): number | undefined {
  const value = body as { embedding?: number[]; embeddings?: number[][] | { float?: number[][] } };
  if (value.embedding) return value.embedding.length;
  if (Array.isArray(value.embeddings)) return value.embeddings[0]?.length;
  return value.embeddings?.float?.[0]?.length;
}

/** InvokeModelWithResponseStream: `chunk` events whose `bytes` are the family's stream chunks. */
export function invokeModelWithResponseStream(service: BedrockService, call: ModelCallInput): Promise<AsyncGenerator<Uint8Array>> {
  const operation: OperationName = 'InvokeModelWithResponseStream';
  return logged(
    service,
    operation,
    call,
    async (note) => {
      assertModelInput('bedrock-runtime', operation, invokeModelInput(call.modelId, call.rawBody, call.headers, true));
      const model = service.resolveModel(call.modelId);
      note({}, model);
      if (model.entry.kind !== 'text' || !model.entry.supportsStreaming) {
        throw new BedrockError('ValidationException', 'The model is unsupported for streaming.');
      }
      const codec = textCodec(model);
      const input = codec.toConverse(call.body, model.entry);
      const prepared = await service.prepare(operation, model, input, call.headers, true, call.clientGone);
      const state = { ...chunkState(model), inputTokens: countInputTokens(input) };
      const mapEvent = (event: Parameters<InvokeBodyCodec['streamChunks']>[0]): Array<[string, unknown]> => {
        state.firstByteAt ??= performance.now();
        return codec.streamChunks(event, state).map((chunk) => ['chunk', { bytes: Buffer.from(JSON.stringify(chunk)).toString('base64') }]);
      };
      const outcome = () => {
        const result = prepared.generation.result;
        return {
          system: input.system,
          messages: input.messages,
          responder: prepared.responder.name,
          faults: prepared.faultNames,
          output: result ? codec.toResponse(result, state) : undefined,
          stopReason: result?.stopReason,
          usage: result?.usage,
        };
      };
      return startEventStream(service, operation, call, model, prepared, mapEvent, outcome);
    },
    false,
  );
}
