import { BedrockError, ConnectionDropSignal, type BedrockErrorCode } from '../errors.js';
import type { OperationName } from '../conversation/types.js';
import { matchesModel } from '../responders/modelPattern.js';

/** What can go wrong, on purpose. */
export type FaultKind =
  | 'throttling'
  | 'serviceUnavailable'
  | 'modelTimeout'
  | 'internalError'
  | 'modelError'
  | 'modelNotReady'
  | 'accessDenied'
  | 'midStreamException'
  | 'dropConnection'
  | 'latency';

/** One fault, by configuration (`faults` option, `POST /_fake/faults`), fixture or request header. */
export interface FaultRule {
  fault: FaultKind;
  /** Only for this model (exact id, `*` wildcards, or an inference-profile id). */
  model?: string;
  /** Only for these operations. */
  operations?: OperationName[];
  /** Applies this many times, then is used up. Default: always. */
  times?: number;
  /** midStreamException / dropConnection: after this many output tokens. Default 0. */
  afterTokens?: number;
  /** latency (or any fault): delay before answering, in ms. */
  latencyMs?: number;
  /** midStreamException: the stream exception. Default `modelStreamErrorException`. */
  exception?: 'modelStreamErrorException' | 'throttlingException' | 'internalServerException' | 'serviceUnavailableException' | 'validationException' | 'modelTimeoutException';
  message?: string;
}

/** The faults a request gets: a delay, an error before answering, or an interruption mid-answer. */
export interface AppliedFaults {
  latencyMs: number;
  error?: BedrockError;
  interrupt?: { afterTokens: number; error: Error };
  /** For `dropConnection` with no output at all: close the connection without an answer. */
  dropBeforeAnswer: boolean;
}

const UPFRONT: Partial<Record<FaultKind, BedrockErrorCode>> = {
  throttling: 'ThrottlingException',
  serviceUnavailable: 'ServiceUnavailableException',
  modelTimeout: 'ModelTimeoutException',
  internalError: 'InternalServerException',
  modelError: 'ModelErrorException',
  modelNotReady: 'ModelNotReadyException',
  accessDenied: 'AccessDeniedException',
};

const STREAM_EXCEPTION_CODES: Record<NonNullable<FaultRule['exception']>, BedrockErrorCode> = {
  modelStreamErrorException: 'ModelStreamErrorException',
  throttlingException: 'ThrottlingException',
  internalServerException: 'InternalServerException',
  serviceUnavailableException: 'ServiceUnavailableException',
  validationException: 'ValidationException',
  modelTimeoutException: 'ModelTimeoutException',
};

const FAULT_KINDS: readonly FaultKind[] = [
  'throttling', 'serviceUnavailable', 'modelTimeout', 'internalError', 'modelError', 'modelNotReady', 'accessDenied',
  'midStreamException', 'dropConnection', 'latency',
];

/** Parses the `x-fake-bedrock-fault` header: a fault kind, or a JSON FaultRule. */
export function parseFaultHeader(value: string | undefined): FaultRule | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (trimmed.startsWith('{')) {
    try {
      const rule = JSON.parse(trimmed) as FaultRule;
      return FAULT_KINDS.includes(rule.fault) ? rule : undefined;
    } catch {
      return undefined;
    }
  }
  return FAULT_KINDS.includes(trimmed as FaultKind) ? { fault: trimmed as FaultKind } : undefined;
}

/** Turns the rules that apply to one request into what the server does. */
export function applyFaults(rules: readonly FaultRule[]): AppliedFaults {
  const applied: AppliedFaults = { latencyMs: 0, dropBeforeAnswer: false };
  for (const rule of rules) {
    applied.latencyMs += rule.latencyMs ?? 0;
    const upfront = UPFRONT[rule.fault];
    if (upfront && !applied.error) applied.error = new BedrockError(upfront, rule.message);
    if (rule.fault === 'midStreamException' && !applied.interrupt) {
      const code = STREAM_EXCEPTION_CODES[rule.exception ?? 'modelStreamErrorException'];
      const extra = code === 'ModelStreamErrorException' ? { originalStatusCode: 500, originalMessage: 'fault injected' } : {};
      applied.interrupt = { afterTokens: rule.afterTokens ?? 0, error: new BedrockError(code, rule.message, extra) };
    }
    if (rule.fault === 'dropConnection' && !applied.interrupt) {
      applied.interrupt = { afterTokens: rule.afterTokens ?? 0, error: new ConnectionDropSignal() };
      if ((rule.afterTokens ?? 0) === 0) applied.dropBeforeAnswer = true;
    }
  }
  return applied;
}

/** The configured faults, with use counts; plus the per-request header. */
export class FaultPlan {
  private rules: FaultRule[];

  constructor(private readonly configured: FaultRule[] = []) {
    this.rules = configured.map((rule) => ({ ...rule }));
  }

  /** Adds faults at run time. */
  add(rules: FaultRule[]): void {
    this.rules.push(...rules.map((rule) => ({ ...rule })));
  }

  /** Back to the configured faults, with fresh counts. */
  reset(): void {
    this.rules = this.configured.map((rule) => ({ ...rule }));
  }

  clear(): void {
    this.rules = [];
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** The rules that apply to this request (using up counted ones). */
  take(operation: OperationName, modelIds: string[], headerValue?: string): FaultRule[] {
    const taken: FaultRule[] = [];
    for (const rule of this.rules) {
      if (rule.times !== undefined && rule.times <= 0) continue;
      if (rule.operations && !rule.operations.includes(operation)) continue;
      if (rule.model && !modelIds.some((id) => matchesModel(rule.model as string, id))) continue;
      if (rule.times !== undefined) rule.times--;
      taken.push(rule);
    }
    this.rules = this.rules.filter((rule) => rule.times === undefined || rule.times > 0);
    const fromHeader = parseFaultHeader(headerValue);
    if (fromHeader) taken.push(fromHeader);
    return taken;
  }
}
