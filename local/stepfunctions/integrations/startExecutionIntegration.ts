/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2]`: starts another execution on the same
 * local service; `.sync` waits for it and returns its description (`Output` as text, or as JSON
 * with `.sync:2`), failing with `States.TaskFailed` when the child does not succeed.
 */
import type { Json } from '../engine/json.js';
import { isJsonObject } from '../engine/json.js';
import { StatesError, StatesErrorName } from '../engine/statesError.js';
import type { IntegrationPattern } from './taskResource.js';
import type { ExecutionRecord } from '../store/records.js';

/** What the integration needs from the Step Functions service. */
export interface ChildExecutions {
  start(request: { stateMachineArn: string; name?: string; input: string }): Promise<{ executionArn: string; startDate: Date }>;
  /** Resolves when the execution ends. */
  waitFor(
    executionArn: string,
    signal: AbortSignal,
  ): Promise<Pick<ExecutionRecord, 'executionArn' | 'stateMachineArn' | 'name' | 'status' | 'startDate' | 'stopDate' | 'input' | 'output' | 'error' | 'cause'>>;
}

export async function startChildExecution(
  executions: ChildExecutions | undefined,
  action: string,
  pattern: IntegrationPattern,
  parameters: Json,
  signal: AbortSignal,
): Promise<Json> {
  if (action !== 'startExecution') throw new StatesError(StatesErrorName.Runtime, `states:${action} is not supported locally (only states:startExecution)`);
  if (!executions) throw new StatesError(StatesErrorName.Runtime, 'states:startExecution needs the local Step Functions service');
  if (!isJsonObject(parameters) || typeof parameters.StateMachineArn !== 'string') {
    throw new StatesError(StatesErrorName.Runtime, 'states:startExecution needs the parameter StateMachineArn');
  }
  const input = parameters.Input === undefined ? '{}' : typeof parameters.Input === 'string' ? parameters.Input : JSON.stringify(parameters.Input);
  let started: { executionArn: string; startDate: Date };
  try {
    started = await executions.start({
      stateMachineArn: parameters.StateMachineArn,
      name: typeof parameters.Name === 'string' ? parameters.Name : undefined,
      input,
    });
  } catch (error) {
    const code = (error as { code?: string }).code ?? (error as Error).name;
    throw new StatesError(`StepFunctions.${code}Exception`, (error as Error).message);
  }
  if (pattern === 'REQUEST_RESPONSE') return { ExecutionArn: started.executionArn, StartDate: started.startDate.getTime() };
  const child = await executions.waitFor(started.executionArn, signal);
  const description = {
    ExecutionArn: child.executionArn,
    Input: pattern === 'SYNC2' ? (JSON.parse(child.input) as Json) : child.input,
    InputDetails: { Included: true },
    Name: child.name,
    ...(child.output !== undefined ? { Output: pattern === 'SYNC2' ? (JSON.parse(child.output) as Json) : child.output, OutputDetails: { Included: true } } : {}),
    StartDate: child.startDate.getTime(),
    StateMachineArn: child.stateMachineArn,
    Status: child.status,
    ...(child.stopDate ? { StopDate: child.stopDate.getTime() } : {}),
    ...(child.error !== undefined ? { Error: child.error } : {}),
    ...(child.cause !== undefined ? { Cause: child.cause } : {}),
  };
  if (child.status !== 'SUCCEEDED') throw new StatesError(StatesErrorName.TaskFailed, JSON.stringify(description));
  return description;
}
