/**
 * What the page and `genai-kit tail` receive for each recorded event: the runtime's and the fake
 * Bedrock's records shaped into views (the trigger read from the event, the answer and speed of a
 * model call). Run lazily, once per event, only when someone reads the feed.
 */
import type { InvocationRecord } from '../bedrock/inspection/InvocationLog.js';
import type { InvocationReport, InvocationTrigger, InvokeResult } from '../runtime/types.js';
import type { FeedEntry, FeedShapes } from './ConsoleFeed.js';
import { maskSecrets, maskText } from './maskSecrets.js';
import type { KeptText, TextRing } from './TextRing.js';

/** What made a function run: what the invoker said, or what the shape of its event shows. */
export type Trigger = InvocationTrigger;

/** What the live lists show of an invocation (its event, result and logs are fetched when opened). */
export interface InvocationSummary {
  requestId: string;
  functionId: string;
  trigger: Trigger;
  status: InvocationReport['result']['status'];
  startedAt: number;
  durationMs: number;
  initDurationMs?: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  errorType?: string;
  errorMessage?: string;
  logLineCount: number;
}

/** What an invocation in full shows for an event or result newer ones have pushed out of the console's memory. */
export const NO_LONGER_KEPT = '(no longer kept: the console keeps the events and results of its most recent invocations)';

/** An invocation in full: the summary with its event, its result or error, and its log lines. */
export interface InvocationView extends InvocationSummary {
  event: unknown;
  result?: unknown;
  error?: unknown;
  logLines: readonly string[];
}

export interface ModelCallView {
  id: string;
  timestamp: string;
  operation: string;
  modelId: string;
  resolvedModelId?: string;
  /** The function that was running when the call was made (the only one), or the candidates. */
  functionId?: string;
  candidates?: string[];
  system?: unknown[];
  messages?: unknown[];
  tools?: string[];
  answer?: unknown;
  stopReason?: string;
  inputTokens?: number;
  outputTokens?: number;
  latencyMs: number;
  /** Streamed answers only. */
  timeToFirstTokenMs?: number;
  /** Streamed answers: when each piece of text left (ms from the request) and its length in characters. */
  streamPace?: [offsetMs: number, characters: number][];
  /** Output tokens per second of generation (after the first token, for a stream). */
  tokensPerSecond?: number;
  estimatedCostUsd?: number;
  status: 'ok' | 'error';
  error?: { code: string; message: string };
  faults?: string[];
}

/**
 * A recorded invocation: the runtime's report with its event, and a successful result's payload,
 * kept as text in the recorder's {@link TextRing} (what the history holds in the JS heap stays small).
 */
export interface RecordedInvocation extends Omit<InvocationReport, 'event' | 'result' | 'payloadText'> {
  event: KeptText;
  result: { status: 'ok'; payload?: KeptText; durationMs: number } | Exclude<InvokeResult, { status: 'ok' }>;
}

export function recordInvocation(report: InvocationReport, texts: TextRing): RecordedInvocation {
  const { result } = report;
  const payload = report.payloadText ?? (result.status === 'ok' && result.payload !== undefined ? JSON.stringify(result.payload) : undefined);
  // Field by field, not spread: one object of a fixed shape, made several times faster.
  return {
    functionId: report.functionId,
    requestId: report.requestId,
    startedAt: report.startedAt,
    event: texts.keep(report.event),
    trigger: report.trigger,
    result: result.status === 'ok' ? { status: 'ok', durationMs: result.durationMs, payload: payload === undefined ? undefined : texts.keep(payload) } : result,
    initDurationMs: report.initDurationMs,
    memorySizeMb: report.memorySizeMb,
    maxMemoryUsedMb: report.maxMemoryUsedMb,
    logLines: report.logLines,
  };
}

/** A recorded model call with the functions in flight when it was made. */
export interface RecordedModelCall {
  record: InvocationRecord;
  functionsInFlight: string[];
}

/**
 * The feed's shapes, secrets masked: invocations summarised for the lists, in full for a detail view;
 * model calls in full for both. A summary's only free text is its error and trigger name: only
 * those are masked, not the whole object (the live lists' cost per invocation, docs/console.md).
 */
export const FEED_SHAPES: FeedShapes = {
  summary: (entry) => (entry.type === 'invocation' ? maskedSummary(invocationSummary(entry.data as RecordedInvocation)) : maskSecrets(shapeFull(entry))),
  full: (entry) => maskSecrets(shapeFull(entry)),
};

function maskedSummary(summary: InvocationSummary): InvocationSummary {
  if (summary.trigger.name) summary.trigger = { ...summary.trigger, name: maskText(summary.trigger.name) };
  if (summary.errorType) summary.errorType = maskText(summary.errorType);
  if (summary.errorMessage) summary.errorMessage = maskText(summary.errorMessage);
  return summary;
}

function shapeFull(entry: FeedEntry): unknown {
  if (entry.type === 'invocation') return invocationView(entry.data as RecordedInvocation);
  if (entry.type === 'modelCall') return modelCallView(entry.data as RecordedModelCall);
  return entry.data;
}

/** @param event the parsed event, when the caller has it already. */
export function invocationSummary(report: RecordedInvocation, event?: unknown): InvocationSummary {
  const { result } = report;
  return {
    requestId: report.requestId,
    functionId: report.functionId,
    trigger: report.trigger ?? triggerOf(event ?? parseJson(report.event.read() ?? '')),
    status: result.status,
    startedAt: report.startedAt,
    durationMs: Math.round(result.durationMs * 100) / 100,
    ...(report.initDurationMs !== undefined ? { initDurationMs: Math.round(report.initDurationMs * 100) / 100 } : {}),
    memorySizeMb: report.memorySizeMb,
    maxMemoryUsedMb: report.maxMemoryUsedMb,
    ...(result.status === 'ok' ? {} : { errorType: result.error.errorType, errorMessage: result.error.errorMessage.slice(0, 500) }),
    logLineCount: report.logLines.length,
  };
}

export function invocationView(report: RecordedInvocation): InvocationView {
  const event = keptJson(report.event);
  const { result, logLines } = report;
  return {
    ...invocationSummary(report, event),
    event,
    ...(result.status === 'ok' ? { result: keptJson(result.payload) } : { error: result.error }),
    logLines,
  };
}

export function modelCallView({ record, functionsInFlight }: RecordedModelCall): ModelCallView {
  const outputTokens = record.usage?.outputTokens;
  const fns = [...new Set(functionsInFlight)];
  return {
    id: record.id,
    timestamp: record.timestamp,
    operation: record.operation,
    modelId: record.modelId,
    resolvedModelId: record.resolvedModelId,
    ...(fns.length === 1 ? { functionId: fns[0] } : fns.length ? { candidates: fns } : {}),
    system: record.system,
    messages: record.messages,
    tools: record.tools,
    answer: record.output,
    stopReason: record.stopReason,
    inputTokens: record.usage?.inputTokens,
    outputTokens,
    latencyMs: record.latencyMs,
    ...(record.timeToFirstTokenMs !== undefined ? { timeToFirstTokenMs: record.timeToFirstTokenMs } : {}),
    ...(record.streamPace ? { streamPace: record.streamPace } : {}),
    ...tokensPerSecond(outputTokens, record.latencyMs - (record.timeToFirstTokenMs ?? 0)),
    estimatedCostUsd: record.estimatedCostUsd,
    status: record.status,
    error: record.error,
    faults: record.faults,
  };
}

function tokensPerSecond(outputTokens: number | undefined, generationMs: number): { tokensPerSecond?: number } {
  return outputTokens && generationMs > 0 ? { tokensPerSecond: Math.round((outputTokens / generationMs) * 100_000) / 100 } : {};
}

/** The trigger an event's shape shows: API Gateway (REST or HTTP API), SQS, S3, an authorizer; else a direct call. */
export function triggerOf(event: unknown): Trigger {
  if (!isRecord(event)) return { kind: 'direct' };
  const record = Array.isArray(event.Records) && isRecord(event.Records[0]) ? event.Records[0] : undefined;
  if (record?.eventSource === 'aws:sqs') return { kind: 'queue', name: String(record.eventSourceARN ?? '').split(':').pop() };
  if (record?.eventSource === 'aws:s3' && isRecord(record.s3) && isRecord(record.s3.bucket)) return { kind: 's3', name: String(record.s3.bucket.name) };
  if ((event.type === 'TOKEN' || event.type === 'REQUEST') && typeof event.methodArn === 'string') return { kind: 'authorizer', name: event.methodArn.split('/').slice(2).join('/') };
  const context = isRecord(event.requestContext) ? event.requestContext : undefined;
  if (context && isRecord(context.http)) return { kind: 'route', name: `${String(context.http.method)} ${String(context.http.path)}` };
  if (typeof event.httpMethod === 'string') return { kind: 'route', name: `${event.httpMethod} ${String(event.resource ?? event.path)}` };
  return { kind: 'direct' };
}

/** A kept JSON text parsed, or what says it is gone. */
function keptJson(kept: KeptText | undefined): unknown {
  if (!kept) return undefined;
  const text = kept.read();
  return text === undefined ? NO_LONGER_KEPT : parseJson(text);
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
