import { describe, expect, it } from 'vitest';
import { ExecutionHistory } from '../../../local/stepfunctions/engine/executionHistory.js';
import { startExecutionRun } from '../../../local/stepfunctions/engine/executionRunner.js';
import type { StateMachineDefinition } from '../../../local/stepfunctions/engine/aslTypes.js';
import { MAX_HISTORY_EVENTS } from '../../../local/stepfunctions/limits.js';
import { dispatcherFrom } from './runDefinition.js';
import { StackClock } from '../../../local/clock/StackClock.js';

const spinForever = {
  StartAt: 'Loop',
  States: {
    Loop: { Type: 'Choice', Choices: [{ Variable: '$.spin', BooleanEquals: true, Next: 'Loop' }], Default: 'Done' },
    Done: { Type: 'Succeed' },
  },
} as unknown as StateMachineDefinition;

function run(history: ExecutionHistory) {
  return startExecutionRun(spinForever, {
    executionArn: 'arn:aws:states:us-east-1:000000000000:execution:Spin:run-1',
    executionName: 'run-1',
    stateMachineArn: 'arn:aws:states:us-east-1:000000000000:stateMachine:Spin',
    stateMachineName: 'Spin',
    roleArn: 'arn:aws:iam::000000000000:role/test',
    startTime: new Date('2025-01-01T00:00:00Z'),
    input: { spin: true },
    history,
    tasks: dispatcherFrom(() => null),
    waitScale: 0,
    clock: new StackClock(),
  }).outcome;
}

describe('execution history limit (Standard: 25,000 events)', () => {
  it('fails the execution with States.Runtime as event 25,000, as AWS does', async () => {
    // Prepare
    const history = new ExecutionHistory(MAX_HISTORY_EVENTS);
    // Act
    const outcome = await run(history);
    // Assess
    const cause = 'The execution reached the maximum number of history events (25000).';
    expect(outcome).toEqual({ status: 'FAILED', error: 'States.Runtime', cause });
    expect(history.events).toHaveLength(25_000);
    expect(history.events.at(-1)).toMatchObject({ id: 25_000, type: 'ExecutionFailed', executionFailedEventDetails: { error: 'States.Runtime', cause } });
    expect(history.events.at(-2)).toMatchObject({ id: 24_999 });
  });
});
