import { describe, expect, it } from 'vitest';
import { settleBatch } from '../../../local/events/settleBatch.js';
import type { InvokeResult } from '../../../local/runtime/types.js';
import { sqsRecordFactory } from './sqsRecordFactory.js';

const records = ['m1', 'm2', 'm3'].map(sqsRecordFactory);
const ok = (payload: unknown): InvokeResult => ({ status: 'ok', payload, durationMs: 1 });
const ids = (list: { messageId: string }[]) => list.map((record) => record.messageId);

describe('settleBatch', () => {
  it.each<[string, InvokeResult]>([
    ['error', { status: 'error', error: { errorType: 'Error', errorMessage: 'boom' }, durationMs: 1 }],
    ['timeout', { status: 'timeout', error: { errorType: 'Sandbox.Timedout', errorMessage: 'timed out' }, durationMs: 1 }],
    ['throttled', { status: 'throttled', error: { errorType: 'TooManyRequestsException', errorMessage: 'Rate exceeded' }, durationMs: 1 }],
  ])('deletes nothing when the function fails (%s)', (_name, result) => {
    const settlement = settleBatch(result, records, true);

    expect(settlement.deleteRecords).toEqual([]);
    expect(ids(settlement.keepRecords)).toEqual(['m1', 'm2', 'm3']);
    expect(settlement.failure).toContain(result.status === 'ok' ? '' : result.error.errorType);
  });

  it('deletes the whole batch without ReportBatchItemFailures, whatever the function returned', () => {
    const settlement = settleBatch(ok({ batchItemFailures: [{ itemIdentifier: 'm2' }] }), records, false);

    expect(ids(settlement.deleteRecords)).toEqual(['m1', 'm2', 'm3']);
    expect(settlement.keepRecords).toEqual([]);
  });

  it.each([null, undefined, '', {}, { batchItemFailures: [] }, { batchItemFailures: null }])(
    'treats %j as complete success',
    (payload) => {
      const settlement = settleBatch(ok(payload), records, true);

      expect(ids(settlement.deleteRecords)).toEqual(['m1', 'm2', 'm3']);
      expect(settlement.failure).toBeUndefined();
    },
  );

  it('keeps exactly the reported items', () => {
    const settlement = settleBatch(ok({ batchItemFailures: [{ itemIdentifier: 'm2' }] }), records, true);

    expect(ids(settlement.deleteRecords)).toEqual(['m1', 'm3']);
    expect(ids(settlement.keepRecords)).toEqual(['m2']);
  });

  it.each([
    ['a string', 'not json'],
    ['a list', []],
    ['batchItemFailures not a list', { batchItemFailures: 'm1' }],
    ['an empty itemIdentifier', { batchItemFailures: [{ itemIdentifier: '' }] }],
    ['a null itemIdentifier', { batchItemFailures: [{ itemIdentifier: null }] }],
    ['a bad key name', { batchItemFailures: [{ itemId: 'm1' }] }],
    ['an unknown message id', { batchItemFailures: [{ itemIdentifier: 'm9' }] }],
  ])('fails the whole batch on an invalid response (%s)', (_name, payload) => {
    const settlement = settleBatch(ok(payload), records, true);

    expect(settlement.deleteRecords).toEqual([]);
    expect(ids(settlement.keepRecords)).toEqual(['m1', 'm2', 'm3']);
    expect(settlement.failure).toMatch(/invalid/);
  });
});
