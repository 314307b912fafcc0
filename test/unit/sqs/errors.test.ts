import { describe, expect, it } from 'vitest';
import { NON_400_STATUS_BY_QUERY_CODE, SQS_ERRORS } from '../../../local/sqs/errors.js';

describe('SQS error registry', () => {
  it('names each error once, with a sender-fault status', () => {
    // Prepare
    const entries = Object.entries(SQS_ERRORS);
    // Act
    const queryCodes = new Set(entries.map(([, error]) => error.queryCode));
    const types = new Set(entries.map(([, error]) => error.type));
    // Assess
    expect(queryCodes.size).toBe(entries.length);
    expect(types.size).toBe(entries.length);
    for (const [, error] of entries) expect(error.status >= 400 && error.status < 500).toBe(true);
  });

  it('keeps AWS\'s 403 for OverLimit, PurgeQueueInProgress and InvalidSecurity (@aws-sdk/client-sqs schema)', () => {
    expect(Object.fromEntries(NON_400_STATUS_BY_QUERY_CODE)).toEqual({ OverLimit: 403, 'AWS.SimpleQueueService.PurgeQueueInProgress': 403, InvalidSecurity: 403 });
  });
});
