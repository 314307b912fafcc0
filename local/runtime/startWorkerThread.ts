/** Starts a worker thread of the bundled bootstrap, as every execution environment of a Node.js function runs. */
import { Worker } from 'node:worker_threads';
import { lambdaHeapLimits } from './lambdaHeapLimits.js';
import type { SpareThreadData, WorkerSetup } from './workerProtocol.js';

export function startWorkerThread(bootstrapFile: string, workerData: WorkerSetup | SpareThreadData, env: Record<string, string>, memorySizeMb: number): Worker {
  const worker = new Worker(bootstrapFile, {
    workerData,
    env,
    // Not the parent's flags (tsx or vitest loaders): function code runs on plain Node, as in Lambda.
    execArgv: [],
    stdout: true,
    stderr: true,
    // The function's MemorySize bounds its heap as Lambda's Node.js runtime bounds it.
    resourceLimits: lambdaHeapLimits(memorySizeMb),
  });
  worker.unref();
  return worker;
}
