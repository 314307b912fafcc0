/**
 * The execution half of the Step Functions API: StartExecution, StartSyncExecution,
 * DescribeExecution, GetExecutionHistory, ListExecutions, StopExecution, and child executions
 * for the `states:startExecution` integration.
 */
import { randomUUID } from 'node:crypto';
import type {
  DescribeExecutionCommandInput,
  DescribeExecutionCommandOutput,
  GetExecutionHistoryCommandInput,
  GetExecutionHistoryCommandOutput,
  HistoryEvent,
  ListExecutionsCommandInput,
  ListExecutionsCommandOutput,
  StartExecutionCommandInput,
  StartExecutionCommandOutput,
  StartSyncExecutionCommandInput,
  StartSyncExecutionCommandOutput,
  StopExecutionCommandInput,
  StopExecutionCommandOutput,
} from '@aws-sdk/client-sfn';
import { StackClock } from '../../clock/StackClock.js';
import type { ExecutionClock } from '../engine/executionFrame.js';
import { ExecutionHistory } from '../engine/executionHistory.js';
import type { ExecutionOutcome, ResumePoint, RunningExecution } from '../engine/executionRunner.js';
import { startExecutionRun } from '../engine/executionRunner.js';
import type { Json } from '../engine/json.js';
import type { TaskDispatcher } from '../engine/taskDispatcher.js';
import { MAX_HISTORY_EVENTS, MAX_PAYLOAD_BYTES, payloadBytes } from '../limits.js';
import { SfnApiError } from '../errors.js';
import type { MockConfig } from '../integrations/mockConfig.js';
import type { ChildExecutions } from '../integrations/startExecutionIntegration.js';
import type { ExecutionCheckpoint, ExecutionRecord } from '../store/records.js';
import type { StateMachineDefinition } from '../engine/aslTypes.js';
import type { StepFunctionsStore } from '../store/StepFunctionsStore.js';
import { checkExecutionArn, checkName, executionArn } from './arns.js';
import { pageOf } from './pagination.js';
import type { StateMachineRegistry } from './StateMachineRegistry.js';

type Output<T> = Omit<T, '$metadata'>;

export interface ExecutionServiceOptions {
  store: StepFunctionsStore;
  machines: StateMachineRegistry;
  tasks: TaskDispatcher;
  /** Multiplier for Wait and Retry delays (1 = as written). */
  waitScale?: number;
  /** The clock Wait, Retry, timeouts and dates follow; default: real time. */
  clock?: ExecutionClock;
  /** The mock config in force, for executions started with `#<TestCase>`. */
  mockConfig?: () => MockConfig | undefined;
  /** Told when an execution starts and when it ends (the console's feed). */
  onExecutionChange?: (record: ExecutionRecord) => void;
}

interface Running {
  run: RunningExecution;
  done: Promise<ExecutionRecord>;
}

export class ExecutionService implements ChildExecutions {
  private readonly running = new Map<string, Running>();

  private readonly clock: ExecutionClock;

  constructor(private readonly options: ExecutionServiceOptions) {
    this.clock = options.clock ?? new StackClock();
  }

  private now(): Date {
    return new Date(this.clock.now());
  }

  async startExecution(input: StartExecutionCommandInput): Promise<Output<StartExecutionCommandOutput>> {
    const { record } = await this.begin(input);
    return { executionArn: record.executionArn, startDate: record.startDate };
  }

  async startSyncExecution(input: StartSyncExecutionCommandInput): Promise<Output<StartSyncExecutionCommandOutput>> {
    const { record: machine } = this.options.machines.get(input.stateMachineArn);
    if (machine.type !== 'EXPRESS') {
      throw new SfnApiError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
    }
    const { record, done } = await this.begin(input);
    const finished = await done;
    const duration = (finished.stopDate ?? this.now()).getTime() - record.startDate.getTime();
    return {
      executionArn: finished.executionArn,
      stateMachineArn: finished.stateMachineArn,
      name: finished.name,
      startDate: finished.startDate,
      stopDate: finished.stopDate,
      status: finished.status === 'SUCCEEDED' ? 'SUCCEEDED' : finished.status === 'TIMED_OUT' ? 'TIMED_OUT' : 'FAILED',
      input: finished.input,
      inputDetails: { included: true },
      ...(finished.output !== undefined ? { output: finished.output, outputDetails: { included: true } } : {}),
      ...(finished.error !== undefined ? { error: finished.error } : {}),
      ...(finished.cause !== undefined ? { cause: finished.cause } : {}),
      billingDetails: { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: Math.max(100, Math.ceil(duration / 100) * 100) },
    };
  }

  async describeExecution(input: DescribeExecutionCommandInput): Promise<Output<DescribeExecutionCommandOutput>> {
    const record = await this.find(input.executionArn);
    return {
      executionArn: record.executionArn,
      stateMachineArn: record.stateMachineArn,
      name: record.name,
      status: record.status,
      startDate: record.startDate,
      ...(record.stopDate ? { stopDate: record.stopDate } : {}),
      input: record.input,
      inputDetails: { included: true },
      ...(record.output !== undefined ? { output: record.output, outputDetails: { included: true } } : {}),
      ...(record.error !== undefined ? { error: record.error } : {}),
      ...(record.cause !== undefined ? { cause: record.cause } : {}),
      redriveCount: 0,
      redriveStatus: 'NOT_REDRIVABLE',
    };
  }

  async getExecutionHistory(input: GetExecutionHistoryCommandInput): Promise<Output<GetExecutionHistoryCommandOutput>> {
    const record = await this.find(input.executionArn);
    const events = input.reverseOrder ? [...record.history].reverse() : record.history;
    const page = pageOf(events, input.maxResults, input.nextToken);
    const items = input.includeExecutionData === false ? page.items.map(withoutData) : page.items;
    return { events: items, ...(page.nextToken ? { nextToken: page.nextToken } : {}) };
  }

  async listExecutions(input: ListExecutionsCommandInput): Promise<Output<ListExecutionsCommandOutput>> {
    const { record: machine } = this.options.machines.get(input.stateMachineArn);
    if (machine.type === 'EXPRESS') {
      throw new SfnApiError('StateMachineTypeNotSupported', 'This operation is not supported by this type of state machine');
    }
    const all = this.options.store.listExecutions(machine.stateMachineArn).filter((e) => !input.statusFilter || e.status === input.statusFilter);
    const page = pageOf(all, input.maxResults, input.nextToken);
    return {
      executions: page.items.map((e) => ({
        executionArn: e.executionArn,
        stateMachineArn: e.stateMachineArn,
        name: e.name,
        status: e.status,
        startDate: e.startDate,
        ...(e.stopDate ? { stopDate: e.stopDate } : {}),
      })),
      ...(page.nextToken ? { nextToken: page.nextToken } : {}),
    };
  }

  async stopExecution(input: StopExecutionCommandInput): Promise<Output<StopExecutionCommandOutput>> {
    const record = await this.find(input.executionArn);
    const running = this.running.get(record.executionArn);
    if (running) {
      running.run.stop(input.error, input.cause);
      await running.done;
    }
    return { stopDate: record.stopDate ?? this.now() };
  }

  /** ChildExecutions: starts an execution for `states:startExecution`. */
  async start(request: { stateMachineArn: string; name?: string; input: string }): Promise<{ executionArn: string; startDate: Date }> {
    return this.startExecution(request) as Promise<{ executionArn: string; startDate: Date }>;
  }

  /** ChildExecutions: resolves when an execution ends (immediately if it has). */
  async waitFor(executionArn: string, signal?: AbortSignal): Promise<ExecutionRecord> {
    const running = this.running.get(executionArn);
    if (!running) return await this.find(executionArn);
    if (!signal) return running.done;
    return Promise.race([
      running.done,
      new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })),
    ]);
  }

  /** Stops every running execution (shutdown); they are recorded ABORTED. */
  async stopAll(cause: string): Promise<void> {
    const all = [...this.running.values()];
    for (const running of all) running.run.stop(undefined, cause);
    await Promise.all(all.map((r) => r.done));
  }

  /**
   * Shutdown with a data directory: Standard executions stop where they are and stay RUNNING on
   * disk, to resume at the next start (AWS runs them on); Express ones are recorded ABORTED.
   */
  async suspendAll(cause: string): Promise<void> {
    const all = [...this.running.entries()];
    for (const [arn, running] of all) {
      if ((await this.options.store.getExecution(arn))?.type === 'STANDARD') running.run.suspend();
      else running.run.stop(undefined, cause);
    }
    await Promise.all(all.map(([, r]) => r.done));
  }

  /**
   * Resumes the Standard executions that were RUNNING when the service last stopped or died, each
   * from the state after the last one that completed (that state's output and the variables then;
   * a state that was running is run again). One that cannot go on (its machine or state is gone) ends
   * ABORTED with a cause saying why. Returns how many resumed.
   */
  async resumeInterrupted(): Promise<number> {
    let resumed = 0;
    for (const record of this.options.store.interrupted()) {
      const reason = this.resume(record);
      if (reason) await this.options.store.endInterrupted(record, `The local Step Functions service stopped while this execution was running; it could not resume: ${reason}`);
      else resumed++;
    }
    return resumed;
  }

  private async find(arn: string | undefined): Promise<ExecutionRecord> {
    const checked = checkExecutionArn(arn);
    const record = await this.options.store.getExecution(checked);
    if (!record) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${checked}'`);
    return record;
  }

  private async begin(input: StartExecutionCommandInput): Promise<{ record: ExecutionRecord; done: Promise<ExecutionRecord> }> {
    const { record: machine, definition, testCase } = this.options.machines.get(input.stateMachineArn);
    const mockConfig = testCase ? this.options.mockConfig?.() : undefined;
    if (testCase && !mockConfig?.hasTestCase(machine.name, testCase)) {
      throw new SfnApiError('ValidationException', `Test case '${testCase}' is not defined for '${machine.name}' in the mock config`);
    }
    const name = checkName(input.name ?? randomUUID(), 'execution');
    const inputText = input.input ?? '{}';
    if (payloadBytes(inputText) > MAX_PAYLOAD_BYTES) {
      // The model's `SensitiveData` max counts characters; AWS's quota counts UTF-8 bytes and answers in the model's words.
      throw new SfnApiError('ValidationException', `1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to ${MAX_PAYLOAD_BYTES}`);
    }
    let parsedInput: Json;
    try {
      parsedInput = JSON.parse(inputText) as Json;
    } catch (error) {
      throw new SfnApiError('InvalidExecutionInput', `Invalid State Machine Execution Input: '${(error as Error).message}'`);
    }
    const express = machine.type === 'EXPRESS';
    const arn = executionArn(machine.name, name, express, randomUUID());
    if (this.options.store.hasExecution(arn)) {
      const running = this.running.get(arn);
      const existing = await this.options.store.getExecution(arn);
      if (running && existing?.input === inputText) return { record: existing, done: running.done };
      throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
    }
    const history = new ExecutionHistory(express ? Number.POSITIVE_INFINITY : MAX_HISTORY_EVENTS, () => this.clock.now());
    const record: ExecutionRecord = {
      executionArn: arn,
      stateMachineArn: machine.stateMachineArn,
      stateMachineName: machine.name,
      name,
      type: machine.type,
      status: 'RUNNING',
      startDate: this.now(),
      input: inputText,
      testCase,
      history: history.events,
    };
    const done = this.run(record, definition, machine.roleArn, parsedInput, history);
    // A Standard execution is on disk before StartExecution answers.
    await this.options.store.putExecution(record);
    this.options.onExecutionChange?.(record);
    return { record, done };
  }

  /** Runs (or resumes) an execution; resolves with its record once it ended or was suspended. */
  private run(record: ExecutionRecord, definition: StateMachineDefinition, roleArn: string, input: Json, history: ExecutionHistory, resume?: ResumePoint): Promise<ExecutionRecord> {
    const run = startExecutionRun(
      definition,
      {
        executionArn: record.executionArn,
        executionName: record.name,
        stateMachineArn: record.stateMachineArn,
        stateMachineName: record.stateMachineName,
        roleArn,
        startTime: record.startDate,
        input,
        testCase: record.testCase,
        history,
        tasks: this.options.tasks,
        waitScale: this.options.waitScale ?? 1,
        clock: this.clock,
      },
      {
        ...(resume ? { resume } : {}),
        ...(record.type === 'STANDARD'
          ? {
              onCheckpoint: async (checkpoint: ResumePoint) => {
                record.checkpoint = checkpointOf(checkpoint);
                await this.options.store.putExecution(record);
              },
            }
          : {}),
      },
    );
    const done = run.outcome.then((outcome) => this.finish(record, outcome));
    this.running.set(record.executionArn, { run, done });
    return done;
  }

  /** Resumes one interrupted execution; returns why it cannot, or undefined when it runs again. */
  private resume(record: ExecutionRecord): string | undefined {
    let machine: ReturnType<StateMachineRegistry['get']>;
    try {
      machine = this.options.machines.get(record.stateMachineArn);
    } catch {
      return `its state machine ${record.stateMachineArn} no longer exists`;
    }
    const { definition } = machine;
    let input: Json;
    let point: ResumePoint;
    try {
      input = JSON.parse(record.input) as Json;
      point = record.checkpoint
        ? {
            state: record.checkpoint.state,
            input: JSON.parse(record.checkpoint.input) as Json,
            variables: Object.fromEntries(Object.entries(record.checkpoint.variables).map(([k, v]) => [k, JSON.parse(v) as Json])),
          }
        : { state: definition.StartAt, input, variables: {} };
    } catch (error) {
      return `its saved state is not valid JSON (${(error as Error).message})`;
    }
    if (!definition.States[point.state]) return `state '${point.state}' is not in the state machine's definition any more`;
    const history = new ExecutionHistory(MAX_HISTORY_EVENTS, () => this.clock.now());
    history.events.push(...record.history);
    record.history = history.events;
    this.run(record, definition, machine.record.roleArn, input, history, point);
    return undefined;
  }

  private async finish(record: ExecutionRecord, outcome: ExecutionOutcome): Promise<ExecutionRecord> {
    if (outcome.status === 'SUSPENDED') {
      // Left RUNNING on disk with its checkpoint: the next start resumes it.
      await this.options.store.putExecution(record).catch(() => undefined);
      this.running.delete(record.executionArn);
      return record;
    }
    record.status = outcome.status;
    delete record.checkpoint;
    record.stopDate = this.now();
    if (outcome.status === 'SUCCEEDED') record.output = JSON.stringify(outcome.output);
    else {
      record.error = outcome.error;
      record.cause = outcome.cause;
    }
    this.forgetMockInvocations(record);
    await this.options.store.putExecution(record).catch(() => undefined);
    this.running.delete(record.executionArn);
    this.options.onExecutionChange?.(record);
    return record;
  }

  /** Drops a test case execution's invocation counts; a mock config file gone bad meanwhile is no reason to fail. */
  private forgetMockInvocations(record: ExecutionRecord): void {
    if (!record.testCase) return;
    try {
      this.options.mockConfig?.()?.forget(record.executionArn);
    } catch {
      // Reading the file failed: the counts went with the config it replaced.
    }
  }
}

function checkpointOf(point: ResumePoint): ExecutionCheckpoint {
  return {
    state: point.state,
    input: JSON.stringify(point.input),
    variables: Object.fromEntries(Object.entries(point.variables).map(([k, v]) => [k, JSON.stringify(v)])),
  };
}

/** `includeExecutionData: false`: the events without inputs, outputs and parameters. */
function withoutData(event: HistoryEvent): HistoryEvent {
  const copy: Record<string, unknown> = { ...event };
  for (const [key, value] of Object.entries(copy)) {
    if (key.endsWith('EventDetails') && value && typeof value === 'object') {
      const { input: _i, output: _o, parameters: _p, ...rest } = value as Record<string, unknown>;
      copy[key] = rest;
    }
  }
  return copy as unknown as HistoryEvent;
}
