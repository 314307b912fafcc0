/** What the Step Functions service keeps: state machines and executions (with their history). */
import type { HistoryEvent } from '@aws-sdk/client-sfn';

export interface StateMachineRecord {
  stateMachineArn: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  /** The definition text as given (DescribeStateMachine returns it unchanged). */
  definition: string;
  roleArn: string;
  creationDate: Date;
  updateDate?: Date;
}

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  stateMachineName: string;
  name: string;
  type: 'STANDARD' | 'EXPRESS';
  status: ExecutionStatus;
  startDate: Date;
  stopDate?: Date;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
  testCase?: string;
  history: HistoryEvent[];
  /**
   * Where a Standard execution goes on after a restart: the state after the last one that
   * completed, its input, and the machine's variables then. Absent until the first state completes.
   */
  checkpoint?: ExecutionCheckpoint;
}

/** What ListExecutions answers for an execution, and what a store on disk keeps in memory of a finished one. */
export type ExecutionSummary = Pick<ExecutionRecord, 'executionArn' | 'stateMachineArn' | 'stateMachineName' | 'name' | 'type' | 'status' | 'startDate' | 'stopDate'>;

export interface ExecutionCheckpoint {
  /** The next state to run. */
  state: string;
  /** Its input (JSON text). */
  input: string;
  /** The machine's variables (`Assign`) as JSON text, by name. */
  variables: Record<string, string>;
}
