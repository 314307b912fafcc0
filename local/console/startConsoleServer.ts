/**
 * The console's HTTP server: the page, its live feed (SSE) and the data each page reads, on
 * 127.0.0.1 only, refusing requests whose `Host` or `Origin` is not local.
 */
import { fastifySSE } from '@fastify/sse';
import Fastify from 'fastify';
import { LAZY_SCHEMA_COMPILERS } from '../lazySchemaCompilers.js';
import { explainListenError } from '../listenOn.js';
import { registerBedrockRoutes } from './bedrockRoutes.js';
import type { ConsoleContext } from './consoleContext.js';
import { registerExecutionRoutes } from './executionRoutes.js';
import { registerFeedRoute } from './feedRoute.js';
import { registerInvocationRoutes } from './invocationRoutes.js';
import { localOriginGuard } from './localOriginGuard.js';
import { registerOverviewRoutes } from './overviewRoutes.js';
import { registerPageAssets } from './pageAssets.js';
import { registerQueueRoutes } from './queueRoutes.js';
import { registerTableRoutes } from './tableRoutes.js';

export interface ConsoleServerOptions {
  /**
   * Loopback (default 127.0.0.1); the console has no login, so another address is refused, except
   * `0.0.0.0` for a container whose port the host publishes on its own loopback only.
   */
  host?: string;
  port: number;
}

export interface RunningConsole {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  close(): Promise<void>;
}

const ALLOWED_ADDRESSES = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0']);

export async function startConsoleServer(context: ConsoleContext, options: ConsoleServerOptions): Promise<RunningConsole> {
  const host = options.host ?? '127.0.0.1';
  if (!ALLOWED_ADDRESSES.has(host)) throw new Error(`The console listens on a loopback address only (127.0.0.1, ::1), not ${host}: it has no login.`);
  const app = Fastify({ logger: false, forceCloseConnections: true, schemaController: LAZY_SCHEMA_COMPILERS });
  let port = options.port;
  app.addHook('onRequest', localOriginGuard(() => port));
  await app.register(fastifySSE, { heartbeatInterval: 15_000 });
  registerPageAssets(app);
  registerFeedRoute(app, context.feed);
  registerOverviewRoutes(app, context);
  registerInvocationRoutes(app, context);
  registerBedrockRoutes(app, context);
  const closers = [registerQueueRoutes(app, context), registerExecutionRoutes(app, context), registerTableRoutes(app, context)];
  await app.listen({ host, port: options.port }).catch((error: unknown) => {
    throw explainListenError(error, 'The console', host, options.port, '--console-port');
  });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: async () => {
      await app.close();
      for (const close of closers) close();
    },
  };
}
