import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { registerControlPlaneRoutes } from '../control/controlPlaneRoutes.js';
import { BedrockError, ConnectionDropSignal } from '../errors.js';
import { BedrockService } from './BedrockService.js';
import { DualProtocolServer } from './dualProtocolListener.js';
import { INSPECTION_PREFIX, registerInspectionRoutes } from './inspectionRoutes.js';
import type { BedrockServerOptions } from './options.js';
import { dropConnection, sendError, toBedrockError } from './replies.js';
import { KnowledgeBaseStore } from '../knowledgebase/KnowledgeBaseStore.js';
import { KnowledgeBaseEngine } from '../knowledgebase/KnowledgeBaseEngine.js';
import { RagSessions } from '../knowledgebase/RagSessions.js';
import { registerKnowledgeBaseControlRoutes } from './knowledgeBaseControlRoutes.js';
import { registerAgentRuntimeRoutes, registerRuntimeRoutes } from './runtimeRoutes.js';
import { SigV4Verifier } from './SigV4Verifier.js';
import { explainListenError } from '../../listenOn.js';
import { LAZY_SCHEMA_COMPILERS } from '../../lazySchemaCompilers.js';

/** A running fake Bedrock. */
export interface RunningBedrock {
  /** `http://host:port`, for `AWS_ENDPOINT_URL_BEDROCK_RUNTIME` / `--endpoint-url`. */
  url: string;
  port: number;
  /** State: invocation log, fixtures, faults, pace, catalogue (what `/_fake/*` serves). */
  service: BedrockService;
  /** The knowledge bases of `options.knowledgeBases` (undefined without them). */
  knowledgeBases?: KnowledgeBaseEngine;
  /** The Fastify app (for `inject()` in tests). */
  app: FastifyInstance;
  /** Stops listening and ends every open connection. */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 20 * 1024 * 1024;

/** Builds the Fastify app of the fake Bedrock (not listening). */
export function buildBedrockApp(options: BedrockServerOptions = {}): {
  app: FastifyInstance;
  service: BedrockService;
  knowledgeBases?: KnowledgeBaseEngine;
  server: () => DualProtocolServer;
} {
  const service = new BedrockService(options);
  const verifier = new SigV4Verifier(options.signature ?? 'any', options.credentials ?? [{ accessKeyId: 'local', secretAccessKey: 'local' }]);
  let dual: DualProtocolServer | undefined;
  const app = Fastify({
    schemaController: LAZY_SCHEMA_COMPILERS,
    logger: options.logger ?? false,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    return503OnClosing: false,
    forceCloseConnections: false,
    serverFactory: (handler) => {
      dual = new DualProtocolServer(handler);
      return dual as unknown as ReturnType<NonNullable<Parameters<typeof Fastify>[0]>['serverFactory'] & object>;
    },
  });
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-amzn-RequestId', randomUUID());
    if (request.url.startsWith(`${INSPECTION_PREFIX}/`)) return done();
    try {
      verifier.requireSignature(request.url, request.headers);
      done();
    } catch (error) {
      done(error as Error);
    }
  });
  if (verifier.isStrict) {
    app.addHook('preHandler', async (request) => {
      if (request.url.startsWith(`${INSPECTION_PREFIX}/`)) return;
      const body = Buffer.isBuffer(request.body) ? request.body : new Uint8Array();
      await verifier.verify({ method: request.method, url: request.url, headers: request.headers, body });
    });
  }

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof ConnectionDropSignal) {
      dropConnection(request, reply);
      return;
    }
    if (reply.raw.destroyed || reply.sent) return;
    const bedrockError = toBedrockError(error);
    if (bedrockError.code === 'InternalServerException' && !(error instanceof BedrockError)) request.log.error(error);
    return sendError(reply, bedrockError);
  });
  app.setNotFoundHandler((request, reply) => sendError(reply, new BedrockError('UnknownOperationException')));

  registerInspectionRoutes(app, service);
  registerControlPlaneRoutes(app, service);
  registerRuntimeRoutes(app, service, service.guardrails);
  const folder = new KnowledgeBaseStore(options.knowledgeBaseDir);
  service.onReset(() => folder.reset());
  const engine = options.knowledgeBases
    ? new KnowledgeBaseEngine(options.knowledgeBases, { s3Endpoint: options.s3Endpoint, dataDir: options.knowledgeBaseDataDir, resolveModel: (id) => service.resolveModel(id).entry })
    : undefined;
  if (engine) {
    registerKnowledgeBaseControlRoutes(app, engine);
    app.addHook('onClose', () => engine.close());
  }
  registerAgentRuntimeRoutes(app, service, { folder, engine, sessions: new RagSessions() });
  return {
    app,
    service,
    knowledgeBases: engine,
    server: () => {
      if (!dual) throw new Error('fake Bedrock: server not created yet');
      return dual;
    },
  };
}

/**
 * Starts the fake Amazon Bedrock: the runtime API over cleartext HTTP/2 and HTTP/1.1 on one port.
 *
 * @example
 * const bedrock = await startBedrockServer({ port: 0 });
 * process.env.AWS_ENDPOINT_URL_BEDROCK_RUNTIME = bedrock.url;
 * // … new BedrockRuntimeClient({ region: 'us-east-1' }) now talks to the fake
 * await bedrock.close();
 */
export async function startBedrockServer(options: BedrockServerOptions = {}): Promise<RunningBedrock> {
  const { app, service, knowledgeBases, server } = buildBedrockApp(options);
  const host = options.host ?? '127.0.0.1';
  const requestedPort = options.port ?? 0;
  await app.listen({ host, port: requestedPort }).catch((error: unknown) => {
    throw explainListenError(error, 'The fake Bedrock', host, requestedPort, '--bedrock-port');
  });
  const port = (app.server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    url: `http://${urlHost}:${port}`,
    port,
    service,
    knowledgeBases,
    app,
    close: async () => {
      server().destroyConnections();
      await app.close();
    },
  };
}
