/**
 * Documents are executions: a document id is the execution name, so `GET /documents/{id}` needs no
 * table, only `DescribeExecution` (an execution ARN is the state machine ARN with `execution` and
 * the name).
 */
import { DescribeExecutionCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SFNClient } from '@aws-sdk/client-sfn';
import { isAwsError } from '../lib/awsErrors.js';

export interface ExecutionDescription {
  executionArn: string;
  status: string;
  startDate?: Date;
  stopDate?: Date;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface PipelineExecutions {
  /** Starts an execution named `name`; resolves with its ARN. */
  start(stateMachineArn: string, name: string, input: string): Promise<string>;
  /** The execution, or undefined when it does not exist. */
  describe(executionArn: string): Promise<ExecutionDescription | undefined>;
}

/** `arn:…:stateMachine:Machine` + `name` → `arn:…:execution:Machine:name`. */
export function executionArnOf(stateMachineArn: string, name: string): string {
  return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
}

export class SfnPipelineExecutions implements PipelineExecutions {
  constructor(private readonly client: SFNClient) {}

  async start(stateMachineArn: string, name: string, input: string): Promise<string> {
    const output = await this.client.send(new StartExecutionCommand({ stateMachineArn, name, input }));
    return output.executionArn ?? executionArnOf(stateMachineArn, name);
  }

  async describe(executionArn: string): Promise<ExecutionDescription | undefined> {
    try {
      const output = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      return { ...output, executionArn: output.executionArn ?? executionArn, status: output.status ?? 'RUNNING' };
    } catch (error) {
      if (isAwsError(error, 'ExecutionDoesNotExist')) return undefined;
      throw error;
    }
  }
}
