import { createServer, type AddressInfo, type Server } from 'node:net';

/** Raised when a port the stack needs is taken; the message names the port and the flag to change it. */
export class PortInUseError extends Error {
  constructor(service: string, host: string, port: number, flag: string) {
    super(`${service} cannot listen on ${host}:${port}: the port is already in use. Stop whatever uses it, or choose another port with ${flag} <port>.`);
    this.name = 'PortInUseError';
  }
}

/** A listen error as the user should read it: a taken port names the flag that moves it. */
export function explainListenError(error: unknown, service: string, host: string, port: number, flag: string): unknown {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'EADDRINUSE' ? new PortInUseError(service, host, port, flag) : error;
}

/** `server.listen()` as a promise, with a clear error when the port is taken. */
export function listenOn(server: Server, port: number, host: string, service: string, flag: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => reject(explainListenError(error, service, host, port, flag));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/** A port free on `host` now (for a service that must be told its port before it starts). */
export function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
