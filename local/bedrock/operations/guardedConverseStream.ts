import type { ContentBlock, ConverseStreamOutput, StopReason, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { ResolvedModel } from '../catalogue/ModelCatalogue.js';
import type { GenerationEvent } from '../conversation/types.js';
import type { ValidConverseInput } from '../conversation/validateConverseRequest.js';
import { EventStreamEncoder } from '../eventstream/EventStreamEncoder.js';
import { assessOutput, guardrailNote, guardrailTrace, type ConverseGuard } from '../guardrails/converseGuardrail.js';
import type { GuardrailNote } from '../inspection/InvocationLog.js';
import type { GuardrailEvaluation } from '../guardrails/evaluateGuardrail.js';
import type { BedrockService } from '../server/BedrockService.js';
import { converseStreamEvents as plain } from './converseStreamEvents.js';
import type { ModelCallInput } from './ModelCall.js';

type Frame = [keyof ConverseStreamOutput & string, unknown];

const ZERO_USAGE: TokenUsage = { inputTokens: 0, outputTokens: 0, totalTokens: 0 };

function textFrames(index: number, text: string): Frame[] {
  return [
    ['contentBlockDelta', { contentBlockIndex: index, delta: { text } }],
    ['contentBlockStop', { contentBlockIndex: index }],
  ];
}

/**
 * A ConverseStream whose input the guardrail blocked: the model is not called; the stream carries
 * the blocked-input message as the answer, `stopReason: guardrail_intervened`, zero usage and the
 * trace when asked for.
 */
export async function blockedInputStream(
  service: BedrockService,
  call: ModelCallInput,
  model: ResolvedModel,
  guard: ConverseGuard,
  input: GuardrailEvaluation,
  request: ValidConverseInput,
): Promise<AsyncGenerator<Uint8Array>> {
  const started = performance.now();
  const message = guard.definition.properties.BlockedInputMessaging;
  const trace = guardrailTrace(guard, input);
  const frames: Frame[] = [
    ['messageStart', { role: 'assistant' }],
    ...textFrames(0, message),
    ['messageStop', { stopReason: 'guardrail_intervened' }],
    ['metadata', { usage: ZERO_USAGE, metrics: { latencyMs: 0 }, ...(trace ? { trace } : {}) }],
  ];
  async function* encoded(): AsyncGenerator<Uint8Array> {
    const timeToFirstTokenMs = Math.round(performance.now() - started);
    for (const [type, body] of frames) yield EventStreamEncoder.event(type, body);
    service.record('ConverseStream', call.modelId, call.body, started, {
      timeToFirstTokenMs,
      streamPace: [[timeToFirstTokenMs, message.length]],
      system: request.system,
      messages: request.messages,
      output: { message: { role: 'assistant', content: [{ text: message }] } },
      stopReason: 'guardrail_intervened',
      usage: ZERO_USAGE,
      guardrail: guardrailNote(guard, input),
    }, model);
  }
  return encoded();
}

/**
 * Maps a guarded generation's events to ConverseStream frames.
 *
 * - `sync` (AWS's default): text is held until the answer is complete and assessed, then sent as
 *   it was, masked (`{EMAIL}`…), or replaced by the blocked-outputs message. AWS assesses chunk by
 *   chunk; locally the whole answer is one chunk, so a guarded sync stream arrives at the end.
 * - `async`: text is sent as it comes and assessed as it accumulates; once a policy blocks, the
 *   following text is dropped, the blocked-outputs message follows, and the stop reason is
 *   `guardrail_intervened`. No masking (AWS: masking is not supported in async mode).
 */
export class GuardedStreamMapper {
  private readonly held: GenerationEvent[] = [];
  private readonly texts = new Map<number, string>();
  private output: GuardrailEvaluation | undefined;
  private cut = false;
  private stopReason: StopReason | undefined;
  private content: ContentBlock[] | undefined;

  constructor(
    private readonly guard: ConverseGuard,
    private readonly input: GuardrailEvaluation,
  ) {}

  map(event: GenerationEvent): Frame[] {
    return this.guard.streamProcessingMode === 'async' ? this.mapAsync(event) : this.mapSync(event);
  }

  /** What the call answered, for the invocation log. */
  outcome(): { output?: { message: { role: 'assistant'; content: ContentBlock[] } }; stopReason?: StopReason; guardrail: GuardrailNote } {
    return {
      output: this.content ? { message: { role: 'assistant', content: this.content } } : undefined,
      stopReason: this.stopReason,
      guardrail: guardrailNote(this.guard, this.input, this.output),
    };
  }

  private modelTexts(): string[] {
    return [...this.texts.values()];
  }

  private mapSync(event: GenerationEvent): Frame[] {
    switch (event.type) {
      case 'messageStart':
        return plain(event);
      case 'blockStart':
      case 'toolInputDelta':
      case 'blockStop':
        this.held.push(event);
        return [];
      case 'textDelta':
        this.texts.set(event.index, (this.texts.get(event.index) ?? '') + event.text);
        this.held.push(event);
        return [];
      case 'messageStop': {
        this.output = assessOutput(this.guard, this.modelTexts());
        if (this.output.blocked) return this.blocked();
        this.stopReason = this.output.action === 'GUARDRAIL_INTERVENED' ? 'guardrail_intervened' : event.stopReason;
        const masked = this.output.action === 'GUARDRAIL_INTERVENED' ? new Map([...this.texts.keys()].map((index, i) => [index, this.output?.maskedTexts[i] ?? ''])) : undefined;
        const frames: Frame[] = [];
        const sent = new Set<number>();
        for (const held of this.held) {
          if (held.type === 'textDelta' && masked) {
            if (!sent.has(held.index)) frames.push(['contentBlockDelta', { contentBlockIndex: held.index, delta: { text: masked.get(held.index) } }]);
            sent.add(held.index);
          } else {
            frames.push(...plain(held));
          }
        }
        this.content = [...this.texts.keys()].map((index) => ({ text: masked?.get(index) ?? this.texts.get(index) ?? '' }));
        return [...frames, ['messageStop', { stopReason: this.stopReason }]];
      }
      case 'metadata':
        return this.metadata(event);
    }
  }

  private mapAsync(event: GenerationEvent): Frame[] {
    if (this.cut && event.type !== 'metadata') return [];
    switch (event.type) {
      case 'textDelta': {
        this.texts.set(event.index, (this.texts.get(event.index) ?? '') + event.text);
        const check = assessOutput(this.guard, this.modelTexts(), false);
        if (!check.blocked) return plain(event);
        this.output = check;
        this.cut = true;
        // The text already sent stays with the client; the rest is dropped.
        return [['contentBlockDelta', { contentBlockIndex: event.index, delta: { text: this.guard.definition.properties.BlockedOutputsMessaging } }], ['contentBlockStop', { contentBlockIndex: event.index }], ...this.stop('guardrail_intervened')];
      }
      case 'messageStop':
        this.output = assessOutput(this.guard, this.modelTexts(), false);
        this.content = this.modelTexts().map((text) => ({ text }));
        return this.stop(this.output.action === 'GUARDRAIL_INTERVENED' ? 'guardrail_intervened' : event.stopReason);
      case 'metadata':
        return this.metadata(event);
      default:
        return plain(event);
    }
  }

  private stop(stopReason: StopReason): Frame[] {
    this.stopReason = stopReason;
    this.content ??= [{ text: this.guard.definition.properties.BlockedOutputsMessaging }];
    return [['messageStop', { stopReason }]];
  }

  private blocked(): Frame[] {
    this.stopReason = 'guardrail_intervened';
    this.content = [{ text: this.guard.definition.properties.BlockedOutputsMessaging }];
    return [...textFrames(0, this.guard.definition.properties.BlockedOutputsMessaging), ['messageStop', { stopReason: 'guardrail_intervened' }]];
  }

  private metadata(event: Extract<GenerationEvent, { type: 'metadata' }>): Frame[] {
    const output = this.output ?? assessOutput(this.guard, this.modelTexts(), false);
    const trace = guardrailTrace(this.guard, this.input, { evaluation: output, modelOutput: this.modelTexts() });
    return [['metadata', { usage: event.usage, metrics: { latencyMs: event.latencyMs }, ...(trace ? { trace } : {}) }]];
  }
}
