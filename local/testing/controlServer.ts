/**
 * The control endpoint of a stack shared by a vitest suite: the stack runs in vitest's globalSetup
 * (the main process), its tests in worker processes, and what only the main process can do (mint
 * tokens, read the function invocation log, move the clock) is served here on 127.0.0.1:
 *
 *   POST /tokens {"user", "expiresIn"?}       → {"token"}
 *   GET  /invocations[?function=<id|name>]    → {"invocations": [...]}
 *   GET  /clock                               → {"now"}            (404 without a clock)
 *   POST /clock/advance {"duration"}          → {"now"}            (404 without a clock)
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FunctionInvocation } from '../runtime/FunctionInvocationLog.js';
import type { Duration } from './duration.js';
import { NotInStackError, TestingError } from './errors.js';
import type { StackControl, TestClock } from './StackControl.js';

export interface RunningControlServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `control` on a free port of 127.0.0.1. */
export async function startControlServer(control: StackControl): Promise<RunningControlServer> {
  const server = createServer((request, response) => {
    answer(control, request).then(
      ([status, body]) => send(response, status, body),
      (error: Error) => send(response, error instanceof NotInStackError ? 404 : 500, { error: error.message }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

async function answer(control: StackControl, request: IncomingMessage): Promise<[number, unknown]> {
  const url = new URL(request.url ?? '/', 'http://control');
  const route = `${request.method} ${url.pathname}`;
  if (route === 'POST /tokens') {
    const { user, expiresIn } = (await jsonBody(request)) as { user: string; expiresIn?: string | number };
    return [200, { token: await control.tokenFor(user, { expiresIn }) }];
  }
  if (route === 'GET /invocations') return [200, { invocations: await control.invocations(url.searchParams.get('function') ?? undefined) }];
  if (route === 'GET /clock' || route === 'POST /clock/advance') {
    if (!control.clock) return [404, { error: 'this stack has no clock' }];
    if (route === 'POST /clock/advance') await control.clock.advance(((await jsonBody(request)) as { duration: Duration }).duration);
    return [200, { now: await control.clock.now() }];
  }
  return [404, { error: `no route ${route}` }];
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString() || '{}');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** The control of a stack running in another process, through its control endpoint. */
export function remoteControl(controlUrl: string, hasClock: boolean): StackControl {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${controlUrl}${path}`, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const answer = (await response.json()) as T & { error?: string };
    if (response.status === 404) throw new NotInStackError(answer.error ?? `${path} not found`);
    if (!response.ok) throw new TestingError(`the stack's control endpoint answered ${response.status} to ${method} ${path}: ${answer.error ?? ''}`);
    return answer;
  };
  const clock: TestClock = {
    advance: async (duration) => void (await call('POST', '/clock/advance', { duration })),
    now: async () => (await call<{ now: number }>('GET', '/clock')).now,
  };
  return {
    tokenFor: async (user, options = {}) => (await call<{ token: string }>('POST', '/tokens', { user, expiresIn: options.expiresIn })).token,
    invocations: async (functionRef) =>
      (await call<{ invocations: FunctionInvocation[] }>('GET', `/invocations${functionRef ? `?function=${encodeURIComponent(functionRef)}` : ''}`)).invocations,
    ...(hasClock ? { clock } : {}),
  };
}
