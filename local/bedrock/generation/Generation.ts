import type { PromptCache } from '../conversation/PromptCache.js';
import type { ContentBlock, StopReason, TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { DocumentType } from '@smithy/types';
import { countInputTokens, countTokens, countTokensOf, splitTokens } from '../conversation/tokenEstimator.js';
import type { AnswerPart, GenerationEvent, ModelRequest, Responder } from '../conversation/types.js';
import { NO_PACE, Pacer, type Pace, type PaceClock } from './Pacer.js';

/** How a generation runs. */
interface GenerationOptions {
  pace: Pace;
  /** What the pace is measured on (default real time). */
  paceClock?: PaceClock;
  /** Streaming operations pace each token; buffered ones wait once for the whole answer. */
  streaming: boolean;
  signal: AbortSignal;
  /** Reads `signal.aborted` without touching `signal` (when `signal` is made only on demand). */
  isAborted?: () => boolean;
  /** Throw `error` instead of emitting output token number `afterTokens + 1` (fault injection). */
  interrupt?: { afterTokens: number; error: Error };
  /** Prompt caching: accounts the request's cached prefix (models with `promptCaching`). */
  promptCache?: PromptCache;
}

/** The whole answer, once the generation has finished. */
export interface GenerationResult {
  content: ContentBlock[];
  stopReason: StopReason;
  usage: TokenUsage;
  latencyMs: number;
}

class StopGeneration extends Error {}

/** Given to responders that declare they never look at their signal. */
const IGNORED_SIGNAL = new AbortController().signal;

/**
 * Runs a responder and turns its answer into ConverseStream-shaped events: splits text into
 * tokens, paces them, cuts at `maxTokens` (stopReason `max_tokens`) and at stop sequences,
 * counts usage and measures latency. `result` is set once `events()` has been drained.
 */
export class Generation {
  result: GenerationResult | undefined;
  private readonly started = performance.now();
  private readonly maxTokens: number;
  private readonly stopSequences: string[];
  private outputTokens = 0;
  private stopReason: StopReason | undefined;
  private usageOverride: Partial<Pick<TokenUsage, 'inputTokens' | 'outputTokens'>> = {};
  private readonly content: ContentBlock[] = [];
  private readonly pacer: Pacer;

  constructor(
    private readonly request: ModelRequest,
    private readonly responder: Responder,
    private readonly options: GenerationOptions,
  ) {
    const model = request.model.entry;
    this.maxTokens = request.inferenceConfig.maxTokens ?? model.defaultMaxTokens ?? model.maxOutputTokens ?? 4096;
    this.stopSequences = request.inferenceConfig.stopSequences ?? [];
    this.pacer = new Pacer(responder.paced ? NO_PACE : options.pace, options.streaming, options, options.paceClock);
  }

  /**
   * Runs a buffered generation to its end. When nothing can happen between tokens (no pace, no
   * injected interruption, a synchronous responder) it takes a synchronous path without events.
   */
  async complete(): Promise<GenerationResult> {
    const parts = this.responder.respond(this.request, this.responderSignal());
    if (this.options.streaming || !this.pacer.isZero || this.options.interrupt || Symbol.asyncIterator in parts) {
      for await (const event of this.events(parts)) void event;
      if (!this.result) throw new Error('generation ended without a result');
      return this.result;
    }
    let openText: ContentBlock.TextMember | undefined;
    try {
      for (const part of parts) {
        if (part.kind === 'stop') {
          this.stopReason = part.stopReason ?? this.stopReason;
          this.usageOverride = part.usage ?? this.usageOverride;
        } else if (part.kind === 'text') {
          if (!openText) {
            openText = { text: '' };
            this.content.push(openText);
          }
          this.appendText(openText, part);
        } else {
          openText = undefined;
          const pieces = countTokens(JSON.stringify(part.input ?? {}));
          for (let start = 0; start < pieces; start += 4) {
            this.checkToken();
            this.outputTokens += Math.min(4, pieces - start);
          }
          const toolUseId = part.toolUseId ?? `tooluse_${this.content.length}${Math.random().toString(36).slice(2, 12)}`;
          this.content.push({ toolUse: { toolUseId, name: part.name, input: (part.input ?? {}) as DocumentType } });
        }
      }
    } catch (error) {
      if (!(error instanceof StopGeneration)) throw error;
    }
    if (this.aborted()) throw this.options.signal.reason ?? new Error('aborted');
    return this.finish();
  }

  /** Buffered text: whole when it fits and no stop sequence applies, else token by token. */
  private appendText(block: ContentBlock.TextMember, part: Extract<AnswerPart, { kind: 'text' }>): void {
    const text = part.text;
    if (this.stopSequences.length === 0) {
      const tokens = countTokensOf(part, text);
      if (this.outputTokens + tokens <= this.maxTokens) {
        this.checkToken();
        block.text += text;
        this.outputTokens += tokens;
        return;
      }
    }
    for (const token of splitTokens(text)) {
      this.checkToken();
      const cut = this.stopSequenceCut(block.text, token);
      this.outputTokens++;
      block.text += cut === undefined ? token : token.slice(0, cut);
      if (cut !== undefined) {
        this.stopReason = 'stop_sequence';
        throw new StopGeneration();
      }
    }
  }

  private finish(): GenerationResult {
    const stopReason = this.stopReason ?? 'end_turn';
    const inputTokens = this.usageOverride.inputTokens ?? countInputTokens(this.request);
    const outputTokens = this.usageOverride.outputTokens ?? this.outputTokens;
    const usage: TokenUsage = { inputTokens, outputTokens, totalTokens: inputTokens + outputTokens };
    const cached = this.options.promptCache?.account(this.request.model.entry.id, this.request);
    if (cached) {
      // inputTokens counts what follows the checkpoint; the total still counts every token.
      usage.inputTokens = Math.max(0, inputTokens - cached.cacheReadInputTokens - cached.cacheWriteInputTokens);
      Object.assign(usage, cached);
    }
    const latencyMs = Math.max(1, Math.round(performance.now() - this.started));
    this.result = { content: this.content, stopReason, usage, latencyMs };
    return this.result;
  }

  /** The events of the answer, in order. The responder runs lazily, as events are pulled. */
  async *events(parts = this.responder.respond(this.request, this.responderSignal())): AsyncGenerator<GenerationEvent> {
    const iterator = Symbol.asyncIterator in parts ? parts[Symbol.asyncIterator]() : toAsync(parts[Symbol.iterator]());
    let next = await iterator.next();
    yield { type: 'messageStart' };
    let index = -1;
    let openText: ContentBlock.TextMember | undefined;
    try {
      for (; !next.done; next = await iterator.next()) {
        const part: AnswerPart = next.value;
        if (part.kind === 'stop') {
          this.stopReason = part.stopReason ?? this.stopReason;
          this.usageOverride = part.usage ?? this.usageOverride;
          continue;
        }
        if (part.kind === 'text') {
          if (!openText) {
            index++;
            openText = { text: '' };
            this.content.push(openText);
          }
          yield* this.textTokens(index, openText, part.text);
          continue;
        }
        if (openText) {
          yield { type: 'blockStop', index };
          openText = undefined;
        }
        index++;
        yield* this.toolUse(index, part);
      }
      if (openText) yield { type: 'blockStop', index };
    } catch (error) {
      if (!(error instanceof StopGeneration)) throw error;
      if (index >= 0) yield { type: 'blockStop', index };
      await iterator.return?.();
    }
    await this.pacer.beforeAnswer(this.outputTokens);
    if (this.aborted()) throw this.options.signal.reason ?? new Error('aborted');
    const { stopReason, usage, latencyMs } = this.finish();
    yield { type: 'messageStop', stopReason };
    yield { type: 'metadata', usage, latencyMs };
  }

  private aborted(): boolean {
    return this.options.isAborted ? this.options.isAborted() : this.options.signal.aborted;
  }

  /** The signal handed to the responder: none is made for one that ignores it. */
  private responderSignal(): AbortSignal {
    return this.responder.ignoresSignal ? IGNORED_SIGNAL : this.options.signal;
  }

  /** Throws to stop before the next token: client gone, injected interruption, or maxTokens. */
  private checkToken(): void {
    if (this.aborted()) throw this.options.signal.reason ?? new Error('aborted');
    const interrupt = this.options.interrupt;
    if (interrupt && this.outputTokens >= interrupt.afterTokens) throw interrupt.error;
    if (this.outputTokens >= this.maxTokens) {
      this.stopReason = 'max_tokens';
      throw new StopGeneration();
    }
  }

  private async beforeToken(): Promise<void> {
    this.checkToken();
    if (this.options.streaming) await this.pacer.beforeToken(this.outputTokens);
  }

  /**
   * Text token by token. Streaming yields one delta per token; buffered (nobody watches the
   * events) yields the part's text once, after the same per-token checks.
   */
  private async *textTokens(index: number, block: ContentBlock.TextMember, text: string): AsyncGenerator<GenerationEvent> {
    const streaming = this.options.streaming;
    let pending = '';
    for (const token of splitTokens(text)) {
      if (streaming) await this.beforeToken();
      else this.checkToken();
      let delta = token;
      const cut = this.stopSequenceCut(block.text, token);
      if (cut !== undefined) delta = token.slice(0, cut);
      this.outputTokens++;
      if (delta !== '') {
        block.text += delta;
        if (streaming) yield { type: 'textDelta', index, text: delta };
        else pending += delta;
      }
      if (cut !== undefined) {
        this.stopReason = 'stop_sequence';
        throw new StopGeneration();
      }
    }
    if (pending !== '') yield { type: 'textDelta', index, text: pending };
  }

  /** Where in `token` a stop sequence completes (the cut offset), if one does. */
  private stopSequenceCut(before: string, token: string): number | undefined {
    if (this.stopSequences.length === 0) return undefined;
    const combined = before + token;
    for (const sequence of this.stopSequences) {
      const at = combined.indexOf(sequence, Math.max(0, before.length - sequence.length + 1));
      if (at >= 0) return Math.max(0, at - before.length);
    }
    return undefined;
  }

  private async *toolUse(index: number, part: Extract<AnswerPart, { kind: 'toolUse' }>): AsyncGenerator<GenerationEvent> {
    const toolUseId = part.toolUseId ?? `tooluse_${index}${Math.random().toString(36).slice(2, 12)}`;
    yield { type: 'blockStart', index, toolUse: { toolUseId, name: part.name } };
    const json = JSON.stringify(part.input ?? {});
    const pieces = splitTokens(json);
    for (let start = 0; start < pieces.length; start += 4) {
      await this.beforeToken();
      this.outputTokens += Math.min(4, pieces.length - start);
      yield { type: 'toolInputDelta', index, input: pieces.slice(start, start + 4).join('') };
    }
    this.content.push({ toolUse: { toolUseId, name: part.name, input: (part.input ?? {}) as DocumentType } });
    yield { type: 'blockStop', index };
  }
}

async function* toAsync<T>(iterator: Iterator<T>): AsyncGenerator<T> {
  for (let next = iterator.next(); !next.done; next = iterator.next()) yield next.value;
}

