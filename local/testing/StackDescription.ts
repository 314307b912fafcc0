import type { Endpoints } from '../stack/endpointsFile.js';
import type { TemplateModel } from '../template/model.js';

/**
 * What a test needs to know of a running stack, as plain JSON: vitest's `globalSetup` hands it to
 * every test file (`provide`), and a stack started elsewhere (containers, compose) is described
 * by the same facts.
 */
export interface StackDescription {
  endpoints: Endpoints;
  /** Function logical id → function name. */
  functions: Record<string, string>;
  /** Queue logical id → queue name. */
  queues: Record<string, string>;
  /** State machine logical id → its name and ARN. */
  stateMachines: Record<string, { name: string; arn: string }>;
  /** The control endpoint of the process that runs the stack: tokens, function invocations, clock (see `controlServer.ts`). */
  controlUrl?: string;
  /** Whether the stack has a clock tests can move. */
  clock?: boolean;
}

/** The description of a stack started from `model`, serving at `endpoints`. */
export function describeStack(model: TemplateModel, endpoints: Endpoints): StackDescription {
  return {
    endpoints,
    functions: Object.fromEntries(model.functions.map((fn) => [fn.logicalId, fn.functionName])),
    queues: Object.fromEntries(model.queues.map((queue) => [queue.logicalId, queue.queueName])),
    stateMachines: Object.fromEntries(model.stateMachines.map((machine) => [machine.logicalId, { name: machine.name, arn: machine.arn }])),
  };
}
