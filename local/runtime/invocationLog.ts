/** The platform lines Lambda writes around every invocation: START, END and REPORT. */

export function startLine(requestId: string): string {
  return `START RequestId: ${requestId} Version: $LATEST`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Set on a cold start. */
  initDurationMs?: number;
  /** `timeout` or `error` when the runtime did not finish normally, as Lambda adds it. */
  status?: 'timeout' | 'error';
  errorType?: string;
}

/** `REPORT RequestId: … Duration: 1.23 ms Billed Duration: 2 ms Memory Size: 128 MB Max Memory Used: 60 MB [Init Duration: …]`. */
export function reportLine(fields: ReportFields): string {
  const parts = [
    `REPORT RequestId: ${fields.requestId}`,
    `Duration: ${fields.durationMs.toFixed(2)} ms`,
    `Billed Duration: ${Math.max(1, Math.ceil(fields.durationMs))} ms`,
    `Memory Size: ${fields.memorySizeMb} MB`,
    `Max Memory Used: ${fields.maxMemoryUsedMb} MB`,
  ];
  if (fields.initDurationMs !== undefined) parts.push(`Init Duration: ${fields.initDurationMs.toFixed(2)} ms`);
  if (fields.status) parts.push(`Status: ${fields.status}`);
  if (fields.errorType) parts.push(`Error Type: ${fields.errorType}`);
  return parts.join('\t');
}
