import { DescribeExecutionCommand, StartExecutionCommand, type DescribeExecutionCommandOutput, type SFNClient } from '@aws-sdk/client-sfn';
import { durationMs, type Duration } from './duration.js';
import { WaitTimeoutError } from './errors.js';

/** A finished execution, as DescribeExecution answers it. */
export type FinishedExecution = Omit<DescribeExecutionCommandOutput, '$metadata'>;

const POLL_MS = 50;

/** The template's state machines' executions. */
export class StackExecutions {
  /** `machines` maps logical ids to state machine ARNs. */
  constructor(
    private readonly sfn: () => SFNClient,
    private readonly machines: Record<string, { arn: string }>,
  ) {}

  /** Starts an execution of a state machine (logical id, name or ARN); returns its ARN. */
  async start(stateMachine: string, input: unknown = {}, name?: string): Promise<string> {
    const stateMachineArn = this.machines[stateMachine]?.arn ?? Object.values(this.machines).find((machine) => machine.arn.endsWith(`:${stateMachine}`))?.arn ?? stateMachine;
    const { executionArn } = await this.sfn().send(new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input), name }));
    return executionArn!;
  }

  /**
   * Polls DescribeExecution until the execution is no longer RUNNING (default timeout 30 s);
   * returns its description (`status`, `output`, `error`, `cause`…).
   *
   * @example
   * const done = await stack.executions.wait(executionArn, { timeout: '10s' });
   * expect(done.status).toBe('SUCCEEDED');
   */
  async wait(executionArn: string, options: { timeout?: Duration } = {}): Promise<FinishedExecution> {
    const timeoutMs = durationMs(options.timeout ?? '30s');
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const { $metadata: _, ...execution } = await this.sfn().send(new DescribeExecutionCommand({ executionArn }));
      if (execution.status !== 'RUNNING') return execution;
      if (Date.now() >= deadline) throw new WaitTimeoutError(`execution ${executionArn} still RUNNING after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
