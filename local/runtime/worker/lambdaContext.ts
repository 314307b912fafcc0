/** The Lambda `context` object a handler receives (Node.js runtime shape, legacy `done/succeed/fail` included). */
import type { WorkerSetup } from '../workerProtocol.js';

export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  identity?: unknown;
  clientContext?: unknown;
  getRemainingTimeInMillis(): number;
  done(error?: unknown, result?: unknown): void;
  fail(error: unknown): void;
  succeed(result: unknown): void;
}

/** Completion callbacks the legacy `context.done/succeed/fail` report to. */
export interface ContextCompletion {
  resolve(result: unknown): void;
  reject(error: unknown): void;
}

export function createLambdaContext(setup: WorkerSetup, requestId: string, deadlineMs: number, completion: ContextCompletion): LambdaContext {
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName: setup.functionName,
    functionVersion: setup.functionVersion,
    invokedFunctionArn: setup.invokedFunctionArn,
    memoryLimitInMB: setup.memoryLimitInMB,
    awsRequestId: requestId,
    logGroupName: setup.logGroupName,
    logStreamName: setup.logStreamName,
    identity: undefined,
    clientContext: undefined,
    getRemainingTimeInMillis: () => Math.max(0, deadlineMs - Date.now()),
    done: (error, result) => (error === undefined || error === null ? completion.resolve(result) : completion.reject(error)),
    fail: (error) => completion.reject(error),
    succeed: (result) => completion.resolve(result),
  };
}
