/**
 * The worker-thread reference servers: bare Fastify answering `GET /hello` by handing the request's
 * event as JSON to a worker thread and answering the proxy result it returns, with no gateway logic.
 * `one` queues every event on one thread (what a hop alone costs here); `perInvocation` gives each
 * invocation a thread of its own, reusing the last freed one and starting another when all are busy
 * (Lambda's one invocation per execution environment, which the runtime follows): the bound for any
 * runtime with Lambda's semantics on this machine.
 */
import { Worker } from 'node:worker_threads';
import Fastify from 'fastify';

export interface WorkerReference {
  url: string;
  /** Threads started so far. */
  workers(): number;
  close(): Promise<void>;
}

/** The reference's function thread: parses the event, answers the proxy result (with `body`) as JSON. */
function functionThreadScript(body: string): string {
  return `
const { parentPort } = require('node:worker_threads');
parentPort.on('message', (text) => {
  const newline = text.indexOf('\\n');
  const event = JSON.parse(text.slice(newline + 1));
  parentPort.postMessage(text.slice(0, newline) + '\\n' + JSON.stringify({ statusCode: 200, headers: { 'content-type': 'application/json' }, body: ${JSON.stringify(body)}, path: event.path }));
});
`;
}

/**
 * Starts a reference server on 127.0.0.1 (a free port); its route is `${url}/hello`.
 * @example
 * const reference = await startWorkerReference('perInvocation', '{"message":"hello"}');
 * await fetch(`${reference.url}/hello`);
 * await reference.close();
 */
export async function startWorkerReference(mode: 'one' | 'perInvocation', body: string): Promise<WorkerReference> {
  const script = functionThreadScript(body);
  const workers: Worker[] = [];
  const idle: Worker[] = [];
  const pending = new Map<number, (text: string) => void>();
  let nextId = 0;
  const startWorker = (): Worker => {
    const worker = new Worker(script, { eval: true });
    worker.on('message', (text: string) => {
      const newline = text.indexOf('\n');
      const id = Number(text.slice(0, newline));
      if (mode === 'perInvocation') idle.push(worker);
      pending.get(id)?.(text.slice(newline + 1));
      pending.delete(id);
    });
    workers.push(worker);
    return worker;
  };
  const first = startWorker();
  if (mode === 'perInvocation') idle.push(first);
  const app = Fastify({ logger: false });
  app.get('/hello', async (request, reply) => {
    const event = { resource: '/hello', path: '/hello', httpMethod: 'GET', headers: request.headers, requestContext: { requestId: String(nextId), stage: 'Prod' }, body: null };
    const id = ++nextId;
    const text = await new Promise<string>((resolve) => {
      pending.set(id, resolve);
      const worker = mode === 'one' ? first : (idle.pop() ?? startWorker());
      worker.postMessage(`${id}\n${JSON.stringify(event)}`);
    });
    const result = JSON.parse(text) as { statusCode: number; headers: Record<string, string>; body: string };
    return reply.code(result.statusCode).headers(result.headers).send(result.body);
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url,
    workers: () => workers.length,
    close: async () => {
      await app.close();
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
