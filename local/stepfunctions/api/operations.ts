/**
 * The operations the local API serves, keyed by the `X-Amz-Target` suffix, each typed against
 * `@aws-sdk/client-sfn`'s input and output. Any other operation answers `UnknownOperationException`.
 */
import type { StepFunctionsService } from '../service/StepFunctionsService.js';

type Handler = (service: StepFunctionsService, input: never) => Promise<object>;

export const OPERATIONS = {
  CreateStateMachine: (s, input) => s.machines.createStateMachine(input),
  UpdateStateMachine: (s, input) => s.machines.updateStateMachine(input),
  DeleteStateMachine: (s, input) => s.machines.deleteStateMachine(input),
  ListStateMachines: (s, input) => s.machines.listStateMachines(input),
  DescribeStateMachine: (s, input) => s.machines.describeStateMachine(input),
  StartExecution: (s, input) => s.executions.startExecution(input),
  StartSyncExecution: (s, input) => s.executions.startSyncExecution(input),
  DescribeExecution: (s, input) => s.executions.describeExecution(input),
  GetExecutionHistory: (s, input) => s.executions.getExecutionHistory(input),
  ListExecutions: (s, input) => s.executions.listExecutions(input),
  StopExecution: (s, input) => s.executions.stopExecution(input),
} satisfies Record<string, (service: StepFunctionsService, input: never) => Promise<object>>;

export type OperationName = keyof typeof OPERATIONS;

export function findOperation(name: string): Handler | undefined {
  return Object.hasOwn(OPERATIONS, name) ? (OPERATIONS[name as OperationName] as Handler) : undefined;
}
