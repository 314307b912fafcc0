/**
 * The local Step Functions service: the store, the state machine registry, the executions and
 * the task dispatcher, wired together. The HTTP server (`api/`) is a thin shell around it.
 */
import path from 'node:path';
import type { LambdaRuntime } from '../../runtime/types.js';
import type { StateMachineDef } from '../../template/model.js';
import type { ServiceEndpoints } from '../integrations/localTaskDispatcher.js';
import { LocalTaskDispatcher } from '../integrations/localTaskDispatcher.js';
import type { MockConfig } from '../integrations/mockConfig.js';
import { MockConfigFile } from '../integrations/mockConfig.js';
import type { ExecutionClock } from '../engine/executionFrame.js';
import { StepFunctionsStore } from '../store/StepFunctionsStore.js';
import { ExecutionService, type ExecutionServiceOptions } from './ExecutionService.js';
import { StateMachineRegistry } from './StateMachineRegistry.js';

export interface StepFunctionsServiceOptions {
  /** Where machines and executions are kept; undefined keeps them in memory. */
  dataDir?: string;
  /** Runs Lambda tasks; can be attached later with `attachRuntime`. */
  runtime?: LambdaRuntime;
  /** Local endpoints of the services the integrations call. */
  endpoints?: ServiceEndpoints;
  /** State machines to register at start (the template's). */
  stateMachines?: readonly StateMachineDef[];
  /** A Step Functions Local `MockConfigFile`; default: the `SFN_MOCK_CONFIG` environment variable. */
  mockConfigPath?: string;
  /** Multiplier for Wait and Retry delays; default 1 (as written). */
  waitScale?: number;
  /** The stack's clock: Wait, Retry backoff, TimeoutSeconds and execution dates follow it; default: real time. */
  clock?: ExecutionClock;
  /** Told when an execution starts and when it ends (the console's feed). */
  onExecutionChange?: ExecutionServiceOptions['onExecutionChange'];
  /**
   * When executions interrupted by the last stop or crash resume: at `start` (default), or once a
   * Lambda runtime is attached (their Lambda tasks need it; the stack attaches it after start).
   */
  resumeInterrupted?: 'start' | 'runtimeAttached';
}

export class StepFunctionsService {
  private resumed: Promise<number> | undefined;

  private constructor(
    readonly store: StepFunctionsStore,
    readonly machines: StateMachineRegistry,
    readonly executions: ExecutionService,
    readonly tasks: LocalTaskDispatcher,
  ) {}

  /**
   * Opens the store, registers the given state machines and returns the service.
   * @throws DefinitionError when a given machine's definition does not validate (names the state).
   * @example
   * const service = await StepFunctionsService.create({ stateMachines: model.stateMachines, runtime });
   * await service.executions.startExecution({ stateMachineArn, input: '{}' });
   */
  static async create(options: StepFunctionsServiceOptions = {}): Promise<StepFunctionsService> {
    const { clock } = options;
    const store = await StepFunctionsStore.open(options.dataDir, clock ? () => clock.now() : Date.now);
    const machines = new StateMachineRegistry(store);
    const mockPath = options.mockConfigPath ?? process.env.SFN_MOCK_CONFIG;
    const mockFile = mockPath ? new MockConfigFile(path.resolve(mockPath)) : undefined;
    const mockConfig = (): MockConfig | undefined => mockFile?.current();
    // The dispatcher starts child executions through the execution service, created right after it.
    const late: { executions?: ExecutionService } = {};
    const tasks = new LocalTaskDispatcher({
      runtime: options.runtime,
      endpoints: options.endpoints,
      mockConfig,
      executions: {
        start: (request) => late.executions!.start(request),
        waitFor: (arn, signal) => late.executions!.waitFor(arn, signal),
      },
    });
    const executions = new ExecutionService({ store, machines, tasks, waitScale: options.waitScale, clock: options.clock, mockConfig, onExecutionChange: options.onExecutionChange });
    late.executions = executions;
    if (options.stateMachines?.length) await machines.registerTemplateMachines(options.stateMachines);
    const service = new StepFunctionsService(store, machines, executions, tasks);
    if ((options.resumeInterrupted ?? 'start') === 'start' || options.runtime) await service.resumeInterrupted();
    return service;
  }

  attachRuntime(runtime: LambdaRuntime): void {
    this.tasks.attachRuntime(runtime);
    this.resumeInterrupted().catch((error: unknown) => process.emitWarning(`Step Functions: interrupted executions could not all be resumed: ${String(error)}`));
  }

  /** Resumes the executions the last stop or crash interrupted (once); resolves with how many. */
  resumeInterrupted(): Promise<number> {
    this.resumed ??= this.executions.resumeInterrupted();
    return this.resumed;
  }

  /**
   * Stops running executions, flushes the store, closes SDK clients. With a data directory,
   * Standard executions are suspended (they resume at the next start); otherwise they are recorded ABORTED.
   */
  async close(): Promise<void> {
    await this.resumed?.catch(() => undefined);
    if (this.store.persistent) await this.executions.suspendAll('The local Step Functions service was shut down');
    else await this.executions.stopAll('The local Step Functions service was shut down');
    await this.store.flush();
    this.tasks.close();
  }
}
