/**
 * Loads the handler module inside a worker and finds the exported function, failing with the
 * errors the Lambda Node.js runtime reports (`Runtime.ImportModuleError`, `Runtime.UserCodeSyntaxError`,
 * `Runtime.HandlerNotFound`).
 */
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { LambdaErrorType } from '../errors.js';
import type { WorkerSetup } from '../workerProtocol.js';

export type Handler = (...args: unknown[]) => unknown;

class RuntimeLoadError extends Error {
  constructor(name: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = name;
  }
}

export async function loadHandler(setup: WorkerSetup): Promise<Handler> {
  let moduleValue: unknown;
  try {
    moduleValue =
      setup.loader === 'require'
        ? createRequire(setup.moduleFile)(setup.moduleFile)
        : await import(pathToFileURL(setup.moduleFile).href);
  } catch (error) {
    throw translateLoadError(error);
  }
  let handler: unknown = moduleValue;
  for (const key of setup.exportPath) {
    handler = handler !== null && (typeof handler === 'object' || typeof handler === 'function') ? (handler as Record<string, unknown>)[key] : undefined;
  }
  if (typeof handler !== 'function') {
    throw new RuntimeLoadError(LambdaErrorType.handlerNotFound, `${setup.handler} is undefined or not exported`);
  }
  return handler as Handler;
}

function translateLoadError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
    return new RuntimeLoadError(LambdaErrorType.importModule, `Error: ${(error as Error).message}`, error);
  }
  if (error instanceof SyntaxError) {
    return new RuntimeLoadError(LambdaErrorType.userCodeSyntax, `SyntaxError: ${error.message}`, error);
  }
  return error;
}
