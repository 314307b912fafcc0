import { describe, expect, it } from 'vitest';
import { endLine, reportLine, startLine } from '../../../local/runtime/invocationLog.js';

describe('invocation log lines', () => {
  it('formats START and END as Lambda does', () => {
    expect(startLine('r-1')).toBe('START RequestId: r-1 Version: $LATEST');
    expect(endLine('r-1')).toBe('END RequestId: r-1');
  });

  it('formats REPORT with billed duration rounded up and Init Duration on cold starts', () => {
    expect(reportLine({ requestId: 'r-1', durationMs: 12.341, memorySizeMb: 512, maxMemoryUsedMb: 80, initDurationMs: 150.5 })).toBe(
      'REPORT RequestId: r-1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 150.50 ms',
    );
    expect(reportLine({ requestId: 'r-2', durationMs: 0.2, memorySizeMb: 128, maxMemoryUsedMb: 20 })).toBe(
      'REPORT RequestId: r-2\tDuration: 0.20 ms\tBilled Duration: 1 ms\tMemory Size: 128 MB\tMax Memory Used: 20 MB',
    );
  });

  it('adds the status of a timed-out or crashed runtime', () => {
    expect(reportLine({ requestId: 'r', durationMs: 1000, memorySizeMb: 128, maxMemoryUsedMb: 20, status: 'error', errorType: 'Runtime.ExitError' })).toMatch(
      /\tStatus: error\tError Type: Runtime\.ExitError$/,
    );
  });
});
