import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { listenOn } from '../listenOn.js';

export interface LoopbackProxy {
  /** The port the proxy listens on (the one clients use). */
  port: number;
  close(): Promise<void>;
}

/**
 * A TCP proxy that listens on `host` (the stack's loopback address) and forwards every connection to
 * `targetPort` on 127.0.0.1. It puts a server that cannot choose its bind address (DynamoDB Local
 * listens on every interface) behind the address the stack promises.
 *
 * @example
 * const proxy = await startLoopbackProxy({ host: '127.0.0.1', port: 8000, targetPort: 41234, service: 'DynamoDB', flag: '--dynamodb-port' });
 */
export async function startLoopbackProxy(options: { host: string; port: number; targetPort: number; service: string; flag: string }): Promise<LoopbackProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: options.targetPort });
    sockets.add(client).add(upstream);
    const forget = (): void => {
      sockets.delete(client);
      sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', forget).on('close', forget);
    upstream.on('error', forget).on('close', forget);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await listenOn(server, options.port, options.host, options.service, options.flag);
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}
