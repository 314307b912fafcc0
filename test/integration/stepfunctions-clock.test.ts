/**
 * A Standard execution with a one-day Wait, over the Step Functions API: it completes when the
 * stack clock is advanced by a day, in a fraction of a second of wall time.
 */
import { CreateStateMachineCommand, DescribeExecutionCommand, GetExecutionHistoryCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StackClock } from '../../local/clock/StackClock.js';
import { startStepFunctionsServer, type RunningStepFunctions } from '../../local/stepfunctions/index.js';

let clock: StackClock;
let server: RunningStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  clock = new StackClock();
  server = await startStepFunctionsServer({ port: 0, clock });
  sfn = new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, disableHostPrefix: true, maxAttempts: 1 });
});

afterAll(async () => {
  sfn?.destroy();
  await server?.close();
});

describe('Step Functions on the stack clock', () => {
  it('completes a Wait of one day when the clock is advanced by a day', async () => {
    const definition = { StartAt: 'Tomorrow', States: { Tomorrow: { Type: 'Wait', Seconds: 86_400, Next: 'Done' }, Done: { Type: 'Pass', Result: 'waited', End: true } } };
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'WaitADay', definition: JSON.stringify(definition), roleArn: 'arn:aws:iam::000000000000:role/local' }));
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: '{}' }));
    await vi.waitFor(async () => {
      const { events = [] } = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      expect(events.map((event) => event.type)).toContain('WaitStateEntered');
    });
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');

    await clock.advance('1d');

    const done = await vi.waitFor(async () => {
      const execution = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      expect(execution.status).toBe('SUCCEEDED');
      return execution;
    });
    expect(done.output).toBe('"waited"');
    expect(done.stopDate!.getTime() - done.startDate!.getTime()).toBeGreaterThanOrEqual(86_400_000);
  });
});
