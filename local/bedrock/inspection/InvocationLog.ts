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
  /** Streamed answers: milliseconds from the request to the first token sent. */
  timeToFirstTokenMs?: number;
  /**
   * Streamed answers: when each piece of answer text left (ms from the request) and its length in
   * characters, so the console replays the stream as it went; absent past {@link MAX_PACE_MARKS} pieces.
   */
  streamPace?: [offsetMs: number, characters: number][];
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

/** Pieces of a stream's pace a record keeps at most (a longer stream keeps none: the replay spreads it evenly). */
export const MAX_PACE_MARKS = 4_096;

/** The log's default bounds: records, bytes in all (JSON text), and bytes one record may keep. */
export const INVOCATION_LOG_LIMITS = { records: 1_000, bytes: 32 * 1024 * 1024, recordBytes: 1024 * 1024 } as const;

/** The request and answer fields a record drops when it is larger than a record may be. */
const BULKY_FIELDS = ['input', 'system', 'messages', 'output'] as const;

/**
 * The fake's memory of invocations, oldest first, bounded by count and by bytes (its JSON text):
 * a record over `recordBytes` keeps its metadata but not its request and answer bodies, and the
 * oldest records go once the log passes `bytes`, so 4 MB prompts cannot grow it without end.
 */
export class InvocationLog {
  private records: InvocationRecord[] = [];
  private sizes: number[] = [];
  private bytes = 0;
  private counter = 0;
  private readonly listeners = new Set<(record: InvocationRecord) => void>();

  constructor(
    private readonly limit: number = INVOCATION_LOG_LIMITS.records,
    private readonly maxBytes: number = INVOCATION_LOG_LIMITS.bytes,
    private readonly maxRecordBytes: number = INVOCATION_LOG_LIMITS.recordBytes,
  ) {}

  /** Bytes (JSON text) the records hold now. */
  get size(): number {
    return this.bytes;
  }

  /** Appends a record (dropping the oldest beyond the limits); returns it. */
  add(record: Omit<InvocationRecord, 'id' | 'timestamp'>): InvocationRecord {
    this.counter++;
    let full: InvocationRecord = { id: `inv-${this.counter}`, timestamp: new Date().toISOString(), ...record };
    let size = jsonBytes(full);
    if (size > this.maxRecordBytes) {
      full = withoutBodies(full, this.maxRecordBytes);
      size = jsonBytes(full);
    }
    this.records.push(full);
    this.sizes.push(size);
    this.bytes += size;
    // Trim by count in batches (a tenth of the limit at a time) so that a full log costs O(1) per call.
    if (this.records.length > this.limit + Math.ceil(this.limit / 10)) this.dropOldest(this.records.length - this.limit);
    let over = 0;
    for (let bytes = this.bytes; bytes > this.maxBytes && over < this.records.length - 1; over++) bytes -= this.sizes[over]!;
    if (over) this.dropOldest(over);
    for (const listener of this.listeners) listener(full);
    return full;
  }

  /** Calls `listener` with every record added from now on (the console's feed); returns the unsubscribe function. */
  subscribe(listener: (record: InvocationRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
    this.sizes = [];
    this.bytes = 0;
  }

  private dropOldest(count: number): void {
    this.records.splice(0, count);
    for (const size of this.sizes.splice(0, count)) this.bytes -= size;
  }
}

function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value));
}

/** The record with its request and answer bodies replaced by a note of their size. */
function withoutBodies(record: InvocationRecord, maxRecordBytes: number): InvocationRecord {
  const slim: Record<string, unknown> = { ...record };
  for (const field of BULKY_FIELDS) {
    if (slim[field] === undefined) continue;
    slim[field] = { omitted: `larger than the invocation log keeps per call (${maxRecordBytes} bytes)`, bytes: jsonBytes(slim[field]) };
  }
  return slim as unknown as InvocationRecord;
}

/** The on-demand price of a call, from the catalogue's per-1k-token prices. */
export function estimateCost(usage: TokenUsage | undefined, prices: { pricePer1kInputTokens: number; pricePer1kOutputTokens: number }): number | undefined {
  if (!usage) return undefined;
  const cost = ((usage.inputTokens ?? 0) * prices.pricePer1kInputTokens + (usage.outputTokens ?? 0) * prices.pricePer1kOutputTokens) / 1000;
  return Math.round(cost * 1e8) / 1e8;
}
