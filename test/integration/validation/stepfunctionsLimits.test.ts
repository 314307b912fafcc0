/**
 * The Step Functions API refuses what AWS refuses: requests checked against the `stepfunctions`
 * model (all violations, AWS's wording), the 256 KiB execution input counted in UTF-8 bytes, and
 * `States.DataLimitExceeded` when a state's input or output or a task's result grows past 256 KiB
 * during an execution (a terminal error that `States.ALL` does not catch).
 */
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  GetExecutionHistoryCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStepFunctionsServer, type RunningStepFunctions } from '../../../local/stepfunctions/index.js';

const ROLE = 'arn:aws:iam::000000000000:role/local';

async function errorOf(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await promise;
  } catch (error) {
    const e = error as Error & { $metadata?: { httpStatusCode?: number } };
    return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
  }
  throw new Error('expected an error');
}

/** A machine whose Pass state repeats its input's `text` `times` times with `States.ArrayRange`-free intrinsics. */
function growingMachine(catchAll: boolean): string {
  return JSON.stringify({
    StartAt: 'Grow',
    States: {
      Grow: {
        Type: 'Pass',
        Parameters: { 'a.$': '$.text', 'b.$': '$.text', 'c.$': '$.text' },
        Next: 'Done',
      },
      Done: catchAll ? { Type: 'Parallel', Branches: [{ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }], Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Caught' }], End: true } : { Type: 'Succeed' },
      ...(catchAll ? { Caught: { Type: 'Succeed' } } : {}),
    },
  });
}

describe('Step Functions limits and model validation', () => {
  let server: RunningStepFunctions;
  let sfn: SFNClient;

  beforeAll(async () => {
    server = await startStepFunctionsServer({ port: 0 });
    sfn = new SFNClient({ endpoint: server.url, region: 'us-east-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' }, disableHostPrefix: true, maxAttempts: 1 });
  });

  afterAll(async () => {
    sfn.destroy();
    await server.close();
  });

  async function finished(executionArn: string): Promise<DescribeExecutionCommandOutput> {
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') return described;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('answers every model violation at once, in AWS wording', async () => {
    // Act
    const error = await errorOf(sfn.send(new CreateStateMachineCommand({ name: 'n'.repeat(81), definition: '', roleArn: ROLE, type: 'BATCH' as never })));
    // Assess
    expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(error.message).toBe(
      `3 validation errors detected: Value '${'n'.repeat(81)}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80; ` +
        "Value at 'definition' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value 'BATCH' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [STANDARD, EXPRESS]",
    );
  });

  it('refuses an execution input over 256 KiB in UTF-8 bytes, even under 262,144 characters', async () => {
    // Prepare
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Input', definition: growingMachine(false), roleArn: ROLE }));
    const input = JSON.stringify({ text: 'é'.repeat(140_000) });
    // Act
    const error = await errorOf(sfn.send(new StartExecutionCommand({ stateMachineArn, input })));
    // Assess
    expect(input.length).toBeLessThan(262_144);
    expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
    expect(error.message).toBe("1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144");
  });

  it('fails an execution with States.DataLimitExceeded when a state output passes 256 KiB, uncaught by States.ALL', async () => {
    // Prepare
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Grows', definition: growingMachine(true), roleArn: ROLE }));
    // Act
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ text: 'x'.repeat(100_000) }) }));
    const described = await finished(executionArn!);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    // Assess
    expect(described).toMatchObject({ status: 'FAILED', error: 'States.DataLimitExceeded' });
    expect(described.cause).toBe("The state/task 'Grow' returned a result with a size exceeding the maximum number of bytes service limit.");
    expect(history.events?.map((event) => event.type)).toEqual(['ExecutionStarted', 'PassStateEntered', 'ExecutionFailed']);
  });

  it('runs the same machine to the end when the payload stays under the limit', async () => {
    // Prepare
    const { stateMachineArn } = await sfn.send(new CreateStateMachineCommand({ name: 'Fits', definition: growingMachine(false), roleArn: ROLE }));
    // Act
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify({ text: 'x'.repeat(80_000) }) }));
    // Assess
    expect((await finished(executionArn!)).status).toBe('SUCCEEDED');
  });
});
