import type { ContentBlock, ConverseTrace, GuardrailAssessment, GuardrailTraceAssessment, Message, SystemContentBlock } from '@aws-sdk/client-bedrock-runtime';
import { validationError } from '../errors.js';
import { isRecord } from '../families/InvokeBodyCodec.js';
import type { GuardrailDefinition } from './GuardrailDefinition.js';
import { evaluateGuardrail, type GuardedText, type GuardrailEvaluation } from './evaluateGuardrail.js';
import type { GuardrailStore } from './GuardrailStore.js';
import type { GuardrailNote } from '../inspection/InvocationLog.js';

export type GuardrailTraceMode = 'enabled' | 'disabled' | 'enabled_full';

/** A Converse/ConverseStream call's `guardrailConfig`, resolved to its guardrail. */
export interface ConverseGuard {
  definition: GuardrailDefinition;
  /** `DRAFT` or the published version asked for. */
  version: string;
  trace: GuardrailTraceMode;
  /** ConverseStream only: `sync` (default) holds output until assessed; `async` streams it and assesses after. */
  streamProcessingMode: 'sync' | 'async';
}

function constraint(value: unknown, path: string, rule: string): Error {
  return validationError(`1 validation error detected: Value '${String(value)}' at '${path}' failed to satisfy constraint: ${rule}`);
}

/**
 * Reads and checks `guardrailConfig` (GuardrailConfiguration for Converse, GuardrailStreamConfiguration
 * for ConverseStream, botocore's bedrock-runtime model); undefined when the request has none.
 */
export function readGuardrailConfig(body: unknown, store: GuardrailStore, streaming: boolean): ConverseGuard | undefined {
  const config = isRecord(body) ? body.guardrailConfig : undefined;
  if (config === undefined || config === null) return undefined;
  if (!isRecord(config)) throw constraint(JSON.stringify(config), 'guardrailConfig', 'Member must be a structure');
  const identifier = String(config.guardrailIdentifier ?? '');
  const version = String(config.guardrailVersion ?? '');
  if (!/^(|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail\/[a-z0-9]+))$/.test(identifier)) {
    throw constraint(identifier, 'guardrailConfig.guardrailIdentifier', 'Member must satisfy regular expression pattern: (|([a-z0-9]+)|(arn:aws(-[^:]+)?:bedrock:[a-z0-9-]{1,20}:[0-9]{12}:guardrail/[a-z0-9]+))');
  }
  if (!/^(|([1-9][0-9]{0,7})|(DRAFT))$/.test(version)) {
    throw constraint(version, 'guardrailConfig.guardrailVersion', 'Member must satisfy regular expression pattern: (|([1-9][0-9]{0,7})|(DRAFT))');
  }
  const trace = config.trace ?? 'disabled';
  if (trace !== 'enabled' && trace !== 'disabled' && trace !== 'enabled_full') {
    throw constraint(trace, 'guardrailConfig.trace', 'Member must satisfy enum value set: [enabled, disabled, enabled_full]');
  }
  const mode = streaming ? (config.streamProcessingMode ?? 'sync') : 'sync';
  if (mode !== 'sync' && mode !== 'async') {
    throw constraint(mode, 'guardrailConfig.streamProcessingMode', 'Member must satisfy enum value set: [sync, async]');
  }
  return { definition: store.resolve(identifier, version, 'converse'), version, trace, streamProcessingMode: mode };
}

function guardContentText(block: { guardContent?: unknown }): GuardedText | undefined {
  const guard = block.guardContent;
  if (!isRecord(guard) || !isRecord(guard.text) || typeof guard.text.text !== 'string') return undefined;
  const qualifiers = Array.isArray(guard.text.qualifiers) ? guard.text.qualifiers.map(String) : [];
  const context = qualifiers.filter((q) => q === 'grounding_source' || q === 'query');
  return { text: guard.text.text, qualifiers: context.length > 0 ? context : ['guard_content'] };
}

/**
 * What the guardrail assesses on input, as AWS's "Include a guardrail with the Converse API"
 * describes it: the `guardContent` blocks (of messages and system) when there are any, else the text
 * of the messages; the system prompt only through `guardContent`; never tool results or tool specs.
 */
export function converseInputTexts(messages: Message[], system: SystemContentBlock[]): GuardedText[] {
  const blocks = [...system, ...messages.flatMap((message) => message.content ?? [])] as Array<{ guardContent?: unknown; text?: unknown }>;
  const guarded = blocks.flatMap((block) => guardContentText(block) ?? []);
  if (guarded.length > 0) return guarded;
  return messages.flatMap((message) => (message.content ?? []).flatMap((block) => (typeof block.text === 'string' ? [{ text: block.text }] : [])));
}

/** The text of an answer's text blocks, the only part of the output the guardrail assesses. */
export function outputTexts(content: ContentBlock[]): string[] {
  return content.flatMap((block) => (typeof block.text === 'string' ? [block.text] : []));
}

/** Assesses the input of a call. */
export function assessInput(guard: ConverseGuard, messages: Message[], system: SystemContentBlock[]): GuardrailEvaluation {
  return evaluateGuardrail(guard.definition, 'INPUT', converseInputTexts(messages, system), { outputScope: guard.trace === 'enabled_full' ? 'FULL' : 'INTERVENTIONS' });
}

/** Assesses the model's output text. */
export function assessOutput(guard: ConverseGuard, texts: string[], masking = true): GuardrailEvaluation {
  const evaluation = evaluateGuardrail(guard.definition, 'OUTPUT', texts.map((text) => ({ text })), { outputScope: guard.trace === 'enabled_full' ? 'FULL' : 'INTERVENTIONS' });
  if (masking) return evaluation;
  // Async stream mode: the text has already left, so nothing can be masked any more.
  return { ...evaluation, maskedTexts: texts };
}

/** The answer after the output assessment: the blocked message, the masked text, or as it was. */
export function guardedContent(content: ContentBlock[], output: GuardrailEvaluation, guard: ConverseGuard): ContentBlock[] {
  if (output.blocked) return [{ text: guard.definition.properties.BlockedOutputsMessaging }];
  if (output.action === 'NONE') return content;
  let next = 0;
  return content.map((block) => (typeof block.text === 'string' ? { text: output.maskedTexts[next++] ?? block.text } : block));
}

/** `trace` of the response (Converse) or metadata event (ConverseStream), when the call asked for it. */
export function guardrailTrace(
  guard: ConverseGuard,
  input: GuardrailEvaluation,
  output?: { evaluation: GuardrailEvaluation; modelOutput: string[] },
): ConverseTrace | undefined {
  if (guard.trace === 'disabled') return undefined;
  const id = guard.definition.id;
  const trace: GuardrailTraceAssessment = { inputAssessment: { [id]: input.assessment as GuardrailAssessment } };
  if (output) {
    trace.outputAssessments = { [id]: [output.evaluation.assessment] };
    if (output.evaluation.action === 'GUARDRAIL_INTERVENED') trace.modelOutput = output.modelOutput;
  }
  const intervened = input.action === 'GUARDRAIL_INTERVENED' ? input : output?.evaluation.action === 'GUARDRAIL_INTERVENED' ? output.evaluation : undefined;
  if (intervened) trace.actionReason = intervened.actionReason;
  return { guardrail: trace };
}

/** The invocation log's note of what the guardrail did. */
export function guardrailNote(guard: ConverseGuard, input: GuardrailEvaluation, output?: GuardrailEvaluation): GuardrailNote {
  const intervenedOn = input.action === 'GUARDRAIL_INTERVENED' ? 'INPUT' : output?.action === 'GUARDRAIL_INTERVENED' ? 'OUTPUT' : undefined;
  return { id: guard.definition.id, version: guard.version, action: intervenedOn ? 'GUARDRAIL_INTERVENED' : 'NONE', ...(intervenedOn ? { intervenedOn } : {}) };
}
