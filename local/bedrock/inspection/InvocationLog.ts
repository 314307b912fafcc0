import type { TokenUsage } from '@aws-sdk/client-bedrock-runtime';
import type { LifecycleNotice } from '../catalogue/lifecycleNotice.js';
import type { OperationName } from '../conversation/types.js';

/** One call the fake answered (or refused), as the inspection API shows it. */
export interface InvocationRecord {
  id: string;
  timestamp: string;
  operation: OperationName;
  /** The model id as the request named it. */
  modelId: string;
  /** The catalogue id it resolved to, if it did. */
  resolvedModelId?: string;
  /** Why the model is Legacy or was refused past its end of life (absent for an active model). */
  lifecycle?: LifecycleNotice;
  /** The request body as sent (parsed JSON, or a base64 string if it was not JSON). */
  input: unknown;
  /** Converse-shaped view of the request, whatever operation it came through. */
  system?: unknown[];
  messages?: unknown[];
  tools?: string[];
  responder?: string;
  /** What was answered (Converse output, InvokeModel body, …). */
  output?: unknown;
  stopReason?: string;
  usage?: TokenUsage;
  estimatedCostUsd?: number;
  latencyMs: number;
  status: 'ok' | 'error';
  error?: { code: string; message: string };
  faults?: string[];
  /** The guardrail a call applied (Converse, ConverseStream, ApplyGuardrail) and what it did. */
  guardrail?: GuardrailNote;
}

/** What a guardrail did to one call, for the inspection API and the console. */
export interface GuardrailNote {
  id: string;
  version: string;
  action: 'GUARDRAIL_INTERVENED' | 'NONE';
  /** Where it intervened: `INPUT` (the model was not called) or `OUTPUT`. */
  intervenedOn?: 'INPUT' | 'OUTPUT';
}

/** The fake's memory of invocations, oldest first, bounded. */
export class InvocationLog {
  private records: InvocationRecord[] = [];
  private counter = 0;

  constructor(private readonly limit = 1_000) {}

  /** Appends a record (dropping the oldest beyond the limit); returns it. */
  add(record: Omit<InvocationRecord, 'id' | 'timestamp'>): InvocationRecord {
    this.counter++;
    const full: InvocationRecord = { id: `inv-${this.counter}`, timestamp: new Date().toISOString(), ...record };
    this.records.push(full);
    // Trim in batches (a tenth of the limit at a time) so that a full log costs O(1) per call.
    if (this.records.length > this.limit + Math.ceil(this.limit / 10)) this.records.splice(0, this.records.length - this.limit);
    return full;
  }

  /** Records, optionally filtered by operation or model id (requested or resolved). */
  list(filter: { operation?: string; modelId?: string } = {}): InvocationRecord[] {
    return this.records.slice(-this.limit).filter(
      (record) =>
        (!filter.operation || record.operation === filter.operation) &&
        (!filter.modelId || record.modelId === filter.modelId || record.resolvedModelId === filter.modelId),
    );
  }

  clear(): void {
    this.records = [];
  }
}

/** The on-demand price of a call, from the catalogue's per-1k-token prices. */
export function estimateCost(usage: TokenUsage | undefined, prices: { pricePer1kInputTokens: number; pricePer1kOutputTokens: number }): number | undefined {
  if (!usage) return undefined;
  const cost = ((usage.inputTokens ?? 0) * prices.pricePer1kInputTokens + (usage.outputTokens ?? 0) * prices.pricePer1kOutputTokens) / 1000;
  return Math.round(cost * 1e8) / 1e8;
}
