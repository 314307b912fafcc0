/**
 * Entry point of a function's worker thread (bundled with esbuild into the build directory).
 * Plays the part of the Lambda Node.js runtime: installs `awslambda` and the Lambda console,
 * loads the handler (the init phase), then runs one invocation at a time as the main thread asks.
 * A spare thread (booted ahead of need) first waits for the function it is lent to.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { getHeapStatistics } from 'node:v8';
import { LambdaErrorType, MAX_SYNC_RESPONSE_BYTES, responseTooLargeError } from '../errors.js';
import { decodeInvoke, encodeResult } from '../workerProtocol.js';
import type { FromWorkerWire, InvokeMessage, SpareThreadData, StreamMetadata, ToWorker, WorkerSetup } from '../workerProtocol.js';
import { installAwsLambdaGlobal } from './awslambdaGlobal.js';
import { captureConsole } from './consoleCapture.js';
import { loadHandler, type Handler } from './loadHandler.js';
import { inspectMemory } from './inspectMemory.js';
import { abortStream, runInvocation } from './runInvocation.js';
import { threadSetup } from './threadSetup.js';
import { toFunctionError } from './toFunctionError.js';

const port = parentPort;
if (!port) throw new Error('workerBootstrap must run in a worker thread');
const setup = await threadSetup(port, workerData as WorkerSetup | SpareThreadData);

const post = (message: FromWorkerWire, transfer?: ArrayBuffer[]) => port.postMessage(message, transfer);
const logs = captureConsole((line) => post({ type: 'log', line }));
let peakMemoryMb = 0;

class UnhandledPromiseRejection extends Error {
  constructor(reason: unknown) {
    super(reason instanceof Error ? `${reason.name}: ${reason.message}` : String(reason));
    this.name = LambdaErrorType.unhandledRejection;
    if (reason instanceof Error && reason.stack) this.stack = `${this.name}: ${this.message}\n${reason.stack.split('\n').slice(1).join('\n')}`;
  }
}

installAwsLambdaGlobal();
if (setup.sourceMaps) process.setSourceMapsEnabled(true);
// As the Lambda runtime: an unhandled rejection fails the invocation and ends the runtime.
process.on('unhandledRejection', (reason) => {
  throw new UnhandledPromiseRejection(reason);
});

let handler: Handler;
try {
  handler = await loadHandler(setup);
  post({ type: 'ready' });
  port.on('message', (message: string | Exclude<ToWorker, InvokeMessage>) => {
    if (typeof message === 'string') void invoke(decodeInvoke(message));
    else if (message.type === 'abort') abortStream(message.id);
    else post({ type: 'memory', memory: inspectMemory(message.collectGarbage, message.heapSnapshotFile) });
  });
} catch (error) {
  const failure = toFunctionError(error);
  logs.writeError(failure, 'Init Error');
  post({ type: 'init-error', error: failure });
}

async function invoke(message: InvokeMessage): Promise<void> {
  const { id, requestId } = message;
  logs.requestId = requestId;
  const stream = message.stream
    ? {
        onMetadata: (metadata: StreamMetadata) => post({ type: 'metadata', id, metadata }),
        onChunk: (chunk: Uint8Array) => {
          const copy = new Uint8Array(chunk);
          post({ type: 'chunk', id, chunk: copy }, [copy.buffer]);
        },
      }
    : undefined;
  try {
    const event: unknown = JSON.parse(message.event);
    const outcome = await runInvocation(id, setup, handler, { requestId, event, deadlineMs: message.deadlineMs, stream });
    if (outcome.kind === 'streamed') {
      post(encodeResult({ type: 'result', id, payload: undefined, memoryUsedMb: measureMemory() }));
      return;
    }
    const payload = JSON.stringify(outcome.value) ?? 'null';
    if (payload.length > MAX_SYNC_RESPONSE_BYTES / 3 && Buffer.byteLength(payload) > MAX_SYNC_RESPONSE_BYTES) {
      post({ type: 'error', id, error: responseTooLargeError(), memoryUsedMb: measureMemory() });
      return;
    }
    post(encodeResult({ type: 'result', id, payload, memoryUsedMb: measureMemory() }));
  } catch (error) {
    const failure = toFunctionError(error);
    logs.writeError(failure, 'Invoke Error');
    post({ type: 'error', id, error: failure, memoryUsedMb: measureMemory() });
  }
}

/** Peak V8 heap of this worker (its isolate), in MB: the closest a thread gets to Lambda's "Max Memory Used". */
function measureMemory(): number {
  const heap = getHeapStatistics();
  const mb = Math.ceil((heap.total_physical_size + heap.external_memory) / (1024 * 1024));
  peakMemoryMb = Math.max(peakMemoryMb, mb);
  return peakMemoryMb;
}
