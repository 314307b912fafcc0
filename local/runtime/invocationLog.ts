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
  // One template per invocation rather than an array joined: this runs for every invocation.
  let line = `REPORT RequestId: ${fields.requestId}\tDuration: ${fields.durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(fields.durationMs))} ms\tMemory Size: ${fields.memorySizeMb} MB\tMax Memory Used: ${fields.maxMemoryUsedMb} MB`;
  if (fields.initDurationMs !== undefined) line += `\tInit Duration: ${fields.initDurationMs.toFixed(2)} ms`;
  if (fields.status) line += `\tStatus: ${fields.status}`;
  if (fields.errorType) line += `\tError Type: ${fields.errorType}`;
  return line;
}
