/** Node.js functions: each execution environment is a worker thread running the bundled bootstrap. */
import type { FunctionDef } from '../template/model.js';
import type { EnvironmentFactory } from './ExecutionEnvironment.js';
import type { FunctionCode } from './FunctionBuild.js';
import { functionEnvironment, logGroupName } from './functionEnvironment.js';
import { FunctionWorker } from './FunctionWorker.js';
import type { SpareThreads } from './SpareThreads.js';

export function workerEnvironments(fn: FunctionDef, bootstrapFile: string, env: Record<string, string>, spares?: SpareThreads): EnvironmentFactory<FunctionCode> {
  return (code, generation, hooks) =>
    new FunctionWorker(
      {
        bootstrapFile,
        setup: {
          moduleFile: code.moduleFile,
          loader: code.loader,
          handler: fn.handler,
          exportPath: code.exportPath,
          functionName: fn.functionName,
          functionVersion: '$LATEST',
          invokedFunctionArn: fn.arn,
          memoryLimitInMB: String(fn.memorySize),
          logGroupName: logGroupName(fn),
          sourceMaps: code.sourceMaps,
        },
        env: (logStreamName) => functionEnvironment(fn, env, code.taskRoot, logStreamName),
        memorySizeMb: fn.memorySize,
        spares,
      },
      generation,
      hooks,
    );
}
