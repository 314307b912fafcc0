import type { FunctionInvocation } from '../runtime/FunctionInvocationLog.js';
import type { Duration } from './duration.js';

/** The clock as a test sees it: the same whether the stack runs in this process or in vitest's globalSetup. */
export interface TestClock {
  /** Moves the stack's time forward: `'6m'`, `'1d'`, `'30s'`, or milliseconds. */
  advance(duration: Duration): Promise<void>;
  /** The stack's time, in epoch milliseconds. */
  now(): Promise<number>;
}

/**
 * What a test reaches in the process that runs the stack, beyond the services' own endpoints:
 * in-process for `startStack`, over HTTP (`controlServer.ts`) for a suite that shares one stack.
 */
export interface StackControl {
  /** A bearer token the local authorizer accepts for `user` (expired with a negative `expiresIn`, in seconds). */
  tokenFor(user: string, options?: { expiresIn?: string | number }): Promise<string>;
  /** Finished invocations of a function (logical id, name or ARN), oldest first; all functions' without one. */
  invocations(functionRef?: string): Promise<FunctionInvocation[]>;
  /** Undefined when the stack has no clock. */
  clock?: TestClock;
}
