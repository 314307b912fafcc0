/**
 * What this worker thread runs: its `workerData` for a thread started for a function, or — for a
 * spare thread booted ahead of need (`SpareThreads`) — the `adopt` message, whose env then becomes
 * the thread's `process.env` before any function code is loaded.
 */
import { once } from 'node:events';
import type { MessagePort } from 'node:worker_threads';
import type { AdoptMessage, SpareThreadData, WorkerSetup } from '../workerProtocol.js';

export async function threadSetup(port: MessagePort, workerData: WorkerSetup | SpareThreadData): Promise<WorkerSetup> {
  if (!('spare' in workerData)) return workerData;
  const [message] = (await once(port, 'message')) as [AdoptMessage];
  adoptEnvironment(message.env);
  // What Node does at a thread's start for NODE_OPTIONS=--enable-source-maps (SpareThreads lends a spare only to such env).
  const sourceMaps = message.setup.sourceMaps || (message.env.NODE_OPTIONS ?? '').split(/\s+/).includes('--enable-source-maps');
  return { ...message.setup, sourceMaps };
}

/** Replaces the thread's `process.env` (booted with an empty one) by the function's. */
function adoptEnvironment(env: Record<string, string>): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, env);
}
