import { describe, expect, it } from 'vitest';
import { dispatcherFrom, runDefinition } from './runDefinition.js';

const FUNCTION = 'arn:aws:lambda:us-east-1:000000000000:function:big';

describe('payload quota at run time (256 KiB)', () => {
  it('fails a task whose result passes 256 KiB with States.DataLimitExceeded, which States.ALL does not catch', async () => {
    // Prepare
    const tasks = dispatcherFrom(() => ({ text: 'x'.repeat(262_144) }));
    const definition = {
      StartAt: 'Big',
      States: {
        Big: { Type: 'Task', Resource: FUNCTION, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true },
        Caught: { Type: 'Succeed' },
      },
    };
    // Act
    const { outcome } = await runDefinition(definition, {}, tasks);
    // Assess
    expect(outcome).toEqual({
      status: 'FAILED',
      error: 'States.DataLimitExceeded',
      cause: `The state/task '${FUNCTION}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    });
  });

  // The docs say only that States.ALL cannot catch it ("Handling errors in Step Functions workflows", read 2026-12-07).
  it('lets a catcher that names States.DataLimitExceeded catch it', async () => {
    // Prepare
    const tasks = dispatcherFrom(() => ({ text: 'x'.repeat(262_144) }));
    const definition = {
      StartAt: 'Big',
      States: {
        Big: { Type: 'Task', Resource: FUNCTION, Catch: [{ ErrorEquals: ['States.DataLimitExceeded'], ResultPath: '$.failure', Next: 'Caught' }], End: true },
        Caught: { Type: 'Pass', Result: 'caught', End: true },
      },
    };
    // Act
    const { outcome } = await runDefinition(definition, {}, tasks);
    // Assess
    expect(outcome).toEqual({ status: 'SUCCEEDED', output: 'caught' });
  });

  it('counts UTF-8 bytes: a state input of 100,000 three-byte characters is over the limit', async () => {
    // Act
    const { outcome } = await runDefinition({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }, { text: '文'.repeat(100_000) });
    // Assess
    expect(outcome).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
  });
});
