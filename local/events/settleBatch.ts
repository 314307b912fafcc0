import type { SQSRecord } from 'aws-lambda';
import type { InvokeResult } from '../runtime/types.js';

/** What happens to a batch's messages once the function returned. */
export interface BatchSettlement {
  /** Delete these from the queue: they were processed. */
  deleteRecords: SQSRecord[];
  /** Leave these in flight: they reappear after the visibility timeout (and count toward `maxReceiveCount`). */
  keepRecords: SQSRecord[];
  /** Why the batch (or part of it) failed; undefined when every record succeeded. */
  failure?: string;
}

/**
 * Decides, as Lambda's SQS event source mapping does, which messages of a batch to delete.
 *
 * - The function failed (error, timeout, throttled): delete none.
 * - It returned, without `ReportBatchItemFailures`: delete all, whatever it returned.
 * - It returned, with `ReportBatchItemFailures`: `null`, `{}`, or an empty/null `batchItemFailures`
 *   mean complete success; otherwise delete all but the listed `itemIdentifier`s. A response Lambda
 *   cannot read (not an object, `batchItemFailures` not a list, an item without a non-empty string
 *   `itemIdentifier`, or one naming no message of the batch) fails the whole batch.
 */
export function settleBatch(result: InvokeResult, records: SQSRecord[], reportBatchItemFailures: boolean): BatchSettlement {
  if (result.status !== 'ok') {
    return { deleteRecords: [], keepRecords: records, failure: `${result.error.errorType}: ${result.error.errorMessage}` };
  }
  if (!reportBatchItemFailures) return { deleteRecords: records, keepRecords: [] };
  const failedIds = readBatchItemFailures(result.payload, new Set(records.map((record) => record.messageId)));
  if (failedIds === 'invalid') {
    return { deleteRecords: [], keepRecords: records, failure: 'invalid partial batch response: the whole batch failed' };
  }
  if (failedIds.size === 0) return { deleteRecords: records, keepRecords: [] };
  return {
    deleteRecords: records.filter((record) => !failedIds.has(record.messageId)),
    keepRecords: records.filter((record) => failedIds.has(record.messageId)),
    failure: `${failedIds.size} of ${records.length} messages reported as failed`,
  };
}

function readBatchItemFailures(payload: unknown, batchIds: Set<string>): Set<string> | 'invalid' {
  if (payload === null || payload === undefined || payload === '') return new Set();
  if (typeof payload !== 'object' || Array.isArray(payload)) return 'invalid';
  const failures = (payload as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === null || failures === undefined) return new Set();
  if (!Array.isArray(failures)) return 'invalid';
  const ids = new Set<string>();
  for (const failure of failures) {
    const id = typeof failure === 'object' && failure !== null ? (failure as { itemIdentifier?: unknown }).itemIdentifier : undefined;
    if (typeof id !== 'string' || id === '' || !batchIds.has(id)) return 'invalid';
    ids.add(id);
  }
  return ids;
}
