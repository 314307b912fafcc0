import type { AddressInfo } from 'node:net';
import type { DynamoDBRecord } from 'aws-lambda';
import { explainListenError } from '../listenOn.js';
import { buildClockApp } from './clockApp.js';
import type { StackClock } from './StackClock.js';

export interface RunningClockServer {
  /** `http://host:port` (the endpoints file's `clock`). */
  url: string;
  close(): Promise<void>;
}

/** Serves the clock's HTTP endpoint ({@link buildClockApp}) on its own port (default 8901). */
export async function startClockServer(
  clock: StackClock,
  options: { host?: string; port?: number; ttlDeletions?: (table?: string) => DynamoDBRecord[] } = {},
): Promise<RunningClockServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8901;
  const app = buildClockApp(clock, { ttlDeletions: options.ttlDeletions });
  await app.listen({ host, port }).catch((error: unknown) => {
    throw explainListenError(error, 'The clock endpoint', host, port, '--clock-port');
  });
  const address = app.server.address() as AddressInfo;
  return { url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`, close: () => app.close() };
}
