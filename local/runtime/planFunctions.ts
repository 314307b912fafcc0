/**
 * Decides how each function of a template runs here, from its `Runtime`: Node.js in worker
 * threads, Python and custom runtimes (`provided.*`) as processes behind the Lambda Runtime API,
 * and everything else refused with the reason and what would make it run, said at start.
 */
import type { FunctionDef } from '../template/model.js';
import { checkNodeRuntime } from './checkNodeRuntime.js';
import { LambdaErrorType } from './errors.js';
import type { ProcessLauncher } from './process/processEnvironments.js';
import { findPythonInterpreter } from './process/pythonInterpreter.js';
import type { FunctionError } from './types.js';

export type FunctionPlan =
  | { kind: 'node'; warning?: string }
  | { kind: 'process'; launcher: ProcessLauncher; warning?: string }
  | { kind: 'unsupported'; error: FunctionError };

/** How to make a runtime family run, when the kit cannot run it itself. */
const UNSUPPORTED_FAMILIES: [RegExp, string][] = [
  [/^java/, 'no Java runtime client here: build it as a custom runtime (provided.al2023 with a bootstrap, e.g. a GraalVM native image), or run it with `sam local invoke`'],
  [/^dotnet/, 'no .NET runtime client here: publish it with Native AOT for provided.al2023 (a `bootstrap` executable), or run it with `sam local invoke`'],
  [/^ruby/, 'no Ruby runtime client here: run it with `sam local invoke`, or as a custom runtime (provided.al2023) whose `bootstrap` runs Ruby'],
  [/^go1\.x$/, 'go1.x is retired on Lambda: build the function for provided.al2023 as an executable named `bootstrap` (`sam build` does it with BuildMethod go1.x)'],
];

/** The plan of every function, by logical id (Python interpreters are probed once per version). */
export async function planFunctions(functions: FunctionDef[]): Promise<Map<string, FunctionPlan>> {
  const plans = await Promise.all(functions.map(async (fn) => [fn.logicalId, await planFunction(fn.runtime)] as const));
  return new Map(plans);
}

export async function planFunction(runtime: string): Promise<FunctionPlan> {
  if (runtime.startsWith('nodejs')) {
    const check = checkNodeRuntime(runtime);
    if (check.kind === 'unsupported') return unsupported(runtime, 'not a Node.js version the kit knows');
    return { kind: 'node', warning: check.kind === 'mismatch' ? check.message : undefined };
  }
  if (/^python3\.\d+$/.test(runtime)) {
    const interpreter = await findPythonInterpreter(runtime);
    if (!interpreter) return unsupported(runtime, `no Python interpreter starts here (tried ${runtime} and python3): install Python ${runtime.slice(6)} and put ${runtime} on the PATH`);
    return { kind: 'process', launcher: { kind: 'python', interpreter: interpreter.executable }, warning: interpreter.warning };
  }
  if (/^provided(\.al2|\.al2023)?$/.test(runtime)) return { kind: 'process', launcher: { kind: 'custom' } };
  const family = UNSUPPORTED_FAMILIES.find(([pattern]) => pattern.test(runtime));
  return unsupported(runtime, family?.[1] ?? 'not a Lambda runtime the kit knows (it runs nodejs*, python3.* and provided.*)');
}

function unsupported(runtime: string, reason: string): FunctionPlan {
  return { kind: 'unsupported', error: { errorType: LambdaErrorType.invalidRuntime, errorMessage: `The runtime parameter of ${runtime} is not supported by the local runtime: ${reason}` } };
}
