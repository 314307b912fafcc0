/** Python and custom-runtime functions: each execution environment is a process behind its own Runtime API. */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FunctionDef } from '../../template/model.js';
import type { EnvironmentFactory } from '../ExecutionEnvironment.js';
import { functionEnvironment } from '../functionEnvironment.js';
import { ProcessEnvironment } from './ProcessEnvironment.js';
import type { ProcessCode } from './ProcessFunctionCode.js';

/** Our Lambda Python runtime client (standard library only). */
export const PYTHON_BOOTSTRAP = fileURLToPath(new URL('../python/lambda_bootstrap.py', import.meta.url));

/** How a process runtime starts: our bootstrap under an interpreter, or the function's own `bootstrap`. */
export type ProcessLauncher = { kind: 'python'; interpreter: string } | { kind: 'custom' };

export function processEnvironments(fn: FunctionDef, launcher: ProcessLauncher, env: Record<string, string>): EnvironmentFactory<ProcessCode> {
  return (code, generation, hooks) =>
    new ProcessEnvironment(
      {
        command: launcher.kind === 'python' ? launcher.interpreter : join(code.taskRoot, 'bootstrap'),
        args: launcher.kind === 'python' ? ['-u', PYTHON_BOOTSTRAP] : [],
        taskRoot: code.taskRoot,
        env: (logStreamName) => functionEnvironment(fn, env, code.taskRoot, logStreamName),
        invokedFunctionArn: fn.arn,
      },
      generation,
      hooks,
    );
}
