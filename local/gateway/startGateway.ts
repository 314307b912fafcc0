/**
 * Starts the gateway: one port for every API of the template, one port per Function URL.
 */
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { TemplateModel } from '../template/model.js';
import type { LambdaRuntime } from '../runtime/types.js';
import { buildApiApp } from './apiApp.js';
import type { ApiKey, ApiKeyResolver } from './apiKeyStore.js';
import { buildFunctionUrlApp } from './functionUrlApp.js';
import { explainListenError } from '../listenOn.js';

export interface GatewayOptions {
  /** Default `127.0.0.1`. */
  host?: string;
  /** Default 3000; 0 picks a free port. */
  apiPort?: number;
  /** Ports for the Function URLs in template order (default 3001, 3002, …); `'random'` picks free ports. */
  functionUrlPorts?: number[] | 'random';
  /** The local API keys accepted in `x-api-key`. */
  apiKeys: ApiKey[];
  /** Recognises key values beyond `apiKeys` (the stack's per-user keys). */
  resolveApiKey?: ApiKeyResolver;
  /** Receives access-log lines and gateway diagnostics. */
  log?: (line: string) => void;
  /** Overrides API Gateway's 29 s REST integration timeout (tests). */
  restIntegrationTimeoutMs?: number;
  /** Overrides API Gateway's 30 s HTTP API integration timeout (tests). */
  httpIntegrationTimeoutMs?: number;
  /** Overrides the 5-minute idle timeout of streamed REST responses (tests). */
  restStreamIdleTimeoutMs?: number;
  /** The stack clock's time: authorizer cache TTLs and usage-plan quotas and throttles run on it (default real time). */
  now?: () => number;
}

export interface RunningGateway {
  apiUrl: string;
  /** Function logical id → URL with a trailing `/`. */
  functionUrls: Record<string, string>;
  close(): Promise<void>;
}

function urlOf(app: FastifyInstance, host: string): string {
  const address = app.server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

async function listenApp(app: FastifyInstance, host: string, port: number, service: string, flag: string): Promise<void> {
  await app.listen({ host, port }).catch((error: unknown) => {
    throw explainListenError(error, service, host, port, flag);
  });
}

/**
 * Starts listening; resolves once every port is bound.
 * @example
 * const gateway = await startGateway(model, runtime, { apiKeys: [{ id: 'local', value: key }] });
 * console.log(gateway.apiUrl, gateway.functionUrls);
 */
export async function startGateway(model: TemplateModel, runtime: LambdaRuntime, options: GatewayOptions): Promise<RunningGateway> {
  const host = options.host ?? '127.0.0.1';
  const apps: FastifyInstance[] = [];
  const closeAll = async (): Promise<void> => {
    await Promise.allSettled(apps.map((app) => app.close()));
  };
  try {
    const api = buildApiApp(model, runtime, options);
    apps.push(api);
    await listenApp(api, host, options.apiPort ?? 3000, 'The API', '--api-port');
    const functionUrls: Record<string, string> = {};
    for (const [index, def] of model.functionUrls.entries()) {
      const app = buildFunctionUrlApp(def, runtime, { log: options.log });
      apps.push(app);
      const port = options.functionUrlPorts === 'random' ? 0 : (options.functionUrlPorts?.[index] ?? 3001 + index);
      await listenApp(app, host, port, `The Function URL of ${def.functionLogicalId}`, '--function-url-port');
      functionUrls[def.functionLogicalId] = `${urlOf(app, host)}/`;
    }
    return { apiUrl: urlOf(api, host), functionUrls, close: closeAll };
  } catch (cause) {
    await closeAll();
    throw cause;
  }
}
