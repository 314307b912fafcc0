/**
 * The embedded stack: every local service and the application's functions in one process.
 *
 * Services start in dependency order (storage and the fake model first, then the functions, then
 * what invokes them) and stop in reverse order, so nothing in flight is lost on shutdown.
 */
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { signDevToken } from './auth/devToken.js';
import { devTokenExtraClaims, devTokenSettings } from './auth/devTokenSettings.js';
import { resolveUsageKey } from './auth/usageKeys.js';
import type { ApiKey } from './gateway/apiKeyStore.js';
import { loadLocalSecrets } from './auth/localSecrets.js';
import { OVERLAY_FILE } from './bedrock/catalogue/catalogueOverlay.js';
import { startBedrockServer, type BedrockServerOptions } from './bedrock/index.js';
import { handTemplateGuardrails } from './bedrock/guardrails/templateGuardrails.js';
import { startDynamoDb, type DynamoDbBackend } from './dynamodb/startDynamoDb.js';
import { startSqsEventSources } from './events/index.js';
import { writeEndpointsFile, type Endpoints } from './stack/endpointsFile.js';
import { startGateway } from './gateway/index.js';
import { localServiceEnvironment } from './stack/localServiceEnvironment.js';
import { provisionBuckets } from './provision/provisionBuckets.js';
import { provisionQueues } from './provision/provisionQueues.js';
import { provisionTables } from './provision/provisionTables.js';
import { createLambdaRuntime, stdoutLines } from './runtime/index.js';
import { startS3Notifications, startS3Server, type RunningS3 } from './s3/index.js';
import { AsyncInvoker } from './events/AsyncInvoker.js';
import { ConsoleFeed, DEFAULT_FEED_HISTORY, FeedRecorder, pollBedrockInvocations, FEED_SHAPES, startConsoleServer } from './console/index.js';
import { startSqsServer } from './sqs/index.js';
import { startStepFunctionsServer } from './stepfunctions/index.js';
import type { LambdaRuntime } from './runtime/types.js';
import { loadLocalTemplate } from './template/index.js';
import { LOCAL_REGION, type TemplateModel } from './template/model.js';

/** Default ports: the same as the containerised services' (DESIGN.md §2). */
export const DEFAULT_PORTS = { api: 3000, functionUrls: 3001, bedrock: 4010, dynamodb: 8000, sqs: 9324, stepfunctions: 8083, s3: 9000, console: 8900 };

export type StackPorts = typeof DEFAULT_PORTS;

export interface StackOptions {
  /** Directory of the project (template, sources); default: the current directory. */
  projectDir?: string;
  /** Template path relative to projectDir; default `template.yaml`. */
  template?: string;
  host?: string;
  /** Ports to listen on; `'random'` gives every service port 0 (tests). */
  ports?: Partial<StackPorts> | 'random';
  /** Keep no data on disk: tables, queues and executions in memory. */
  ephemeral?: boolean;
  /**
   * Write `<dataDir>/endpoints.json` and keep the local API key and token secret in `<dataDir>/secrets.json`,
   * so `genai-kit token`/`invoke` and scripts work with this stack (default true; tests turn it off).
   * An ephemeral stack writes `<dataDir>/endpoints.ephemeral-<pid>.json` instead (removed when it
   * stops), so it never overwrites the endpoints of the persistent stack of the same folder.
   */
  writeEndpointsFile?: boolean;
  /** Where data, secrets, builds and the endpoints file go; default `<projectDir>/.local`. */
  dataDir?: string;
  parameterOverrides?: Record<string, string>;
  /** Rebuild functions when their sources change. */
  watch?: boolean;
  /**
   * Options of the fake Bedrock (pace, fixtures, faults, responders…); default: instant deterministic
   * answers, and knowledge bases served from `<projectDir>/knowledge-base` when that folder exists.
   */
  bedrock?: Omit<BedrockServerOptions, 'host' | 'port'>;
  /** DynamoDB backend when none is external: `dynalite` (default) or `local` (DynamoDB Local, needs Java). */
  dynamodb?: DynamoDbBackend;
  /** Services already running elsewhere (containers): the stack uses them instead of starting its own. */
  external?: { dynamodb?: string; bedrock?: string; sqs?: string };
  /** Step Functions: a Step Functions Local `MockConfigFile` (default `SFN_MOCK_CONFIG`), and a multiplier for Wait/Retry delays. */
  stepfunctions?: { mockConfigPath?: string; waitScale?: number };
  /** S3 event notifications: waits before Lambda's two retries of a failed asynchronous invocation (default 1 s and 2 s). */
  s3?: { retryDelaysMs?: [number, number] };
  log?: (line: string) => void;
  /** Serve the local console (web page and live feed) on 127.0.0.1 (default true). */
  console?: boolean;
  /**
   * Address the console binds: loopback by default, whatever `host` is. `0.0.0.0` only inside a
   * container whose port is published on the host's 127.0.0.1 (docker-compose.yml does so).
   */
  consoleHost?: string;
}

export interface RunningStack {
  endpoints: Endpoints;
  /** The endpoints file this stack wrote, if it wrote one. */
  endpointsFile?: string;
  model: TemplateModel;
  runtime: LambdaRuntime;
  /** The console's feed of invocations and model calls (absent with `console: false`). */
  feed?: ConsoleFeed;
  /** Mints a dev token for another user (tests of ownership), or an expired one (a negative `expiresIn` in seconds). */
  signToken(subject: string, expiresIn?: string | number): Promise<string | undefined>;
  close(): Promise<void>;
}

interface StartedService {
  name: string;
  close(): Promise<void>;
}

/**
 * Starts the whole offline stack from a SAM template.
 *
 * @example
 * const stack = await startStack({ ephemeral: true, ports: 'random' });
 * await fetch(`${stack.endpoints.api}/chat`, { method: 'POST', headers: { 'x-api-key': stack.endpoints.apiKey! } });
 * await stack.close();
 */
export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const projectDir = path.resolve(options.projectDir ?? '.');
  const dataDir = options.dataDir ?? path.join(projectDir, '.local');
  const persistentDir = options.ephemeral ? undefined : dataDir;
  const host = options.host ?? '127.0.0.1';
  const ports = resolvePorts(options.ports);
  const log = options.log ?? defaultLog();
  const started: StartedService[] = [];
  const closeAll = async () => {
    for (const service of started.reverse()) await service.close().catch((error: Error) => log(`[stack] ${service.name}: ${error.message}`));
  };

  try {
    const secrets = await loadLocalSecrets(options.writeEndpointsFile === false ? undefined : dataDir);
    const endpoints: Endpoints = { region: LOCAL_REGION };

    endpoints.dynamodb = options.external?.dynamodb ?? (await track(started, 'DynamoDB', startDynamoDb({ backend: options.dynamodb ?? 'dynalite', host, port: ports.dynamodb, dataDir: persistentDir && path.join(persistentDir, options.dynamodb === 'local' ? 'dynamodb-local' : 'dynamodb') }))).url;
    const bedrock = options.external?.bedrock
      ? undefined
      : await track(started, 'Bedrock', startBedrockServer({ catalogueOverlayFile: path.join(projectDir, OVERLAY_FILE), ...options.bedrock, knowledgeBaseDir: options.bedrock?.knowledgeBaseDir ?? defaultKnowledgeBaseDir(projectDir), host, port: ports.bedrock }));
    endpoints.bedrock = options.external?.bedrock ?? bedrock?.url;
    // The console's feed: invocations (the runtime's observer), model calls, executions and queue changes.
    const recorder = options.console === false ? undefined : new FeedRecorder(new ConsoleFeed(DEFAULT_FEED_HISTORY, FEED_SHAPES));
    if (recorder && bedrock) recorder.watchBedrock(bedrock.service.log);
    if (recorder && !bedrock && endpoints.bedrock) {
      const stopPolling = pollBedrockInvocations(endpoints.bedrock, recorder);
      started.push({ name: 'Bedrock poller', close: async () => stopPolling() });
    }
    endpoints.sqs =
      options.external?.sqs ??
      (await track(started, 'SQS', startSqsServer({ host, port: ports.sqs, dataDir: persistentDir && path.join(persistentDir, 'sqs'), log, onQueueChange: recorder && ((queue) => recorder.queueChanged(queue)) }))).url;

    const model = await loadLocalTemplate(path.resolve(projectDir, options.template ?? 'template.yaml'), {
      parameterOverrides: options.parameterOverrides,
      jwtSecret: secrets.jwtSecret,
      endpoints: { sqs: endpoints.sqs },
    });
    for (const item of model.unsupported) log(`[template] not emulated: ${item}`);
    handTemplateGuardrails(model.guardrails, bedrock?.service, log);
    // SQS had to listen before the template was read (queue URLs name its port); a template without queues does not need it.
    if (!model.queues.length && !options.external?.sqs) {
      await stopService(started, 'SQS');
      delete endpoints.sqs;
    }

    const provisioned = await provisionTables(model.tables, endpoints.dynamodb);
    for (const note of provisioned.notes) log(`[dynamodb] ${note}`);
    if (endpoints.sqs) await provisionQueues(model.queues, endpoints.sqs);
    // S3 runs when the template has buckets (a template without them leaves the key out of endpoints.json).
    let s3: RunningS3 | undefined;
    if (model.buckets?.length) {
      s3 = await track(started, 'S3', startS3Server({ host, port: ports.s3, dataDir: persistentDir && path.join(persistentDir, 's3'), log }));
      endpoints.s3 = s3.url;
      await provisionBuckets(model.buckets, endpoints.s3);
    }

    // Step Functions listens before the runtime starts (functions get its URL), runs tasks once the runtime is attached.
    const sfn = model.stateMachines.length
      ? await startStepFunctionsServer({
          ...options.stepfunctions,
          host,
          port: ports.stepfunctions,
          dataDir: persistentDir && path.join(persistentDir, 'stepfunctions'),
          stateMachines: model.stateMachines,
          endpoints: { bedrock: endpoints.bedrock, dynamodb: endpoints.dynamodb, sqs: endpoints.sqs },
          resumeInterrupted: 'runtimeAttached',
          onExecutionChange: recorder && ((execution) => recorder.execution(execution)),
          log,
        })
      : undefined;
    if (sfn) {
      started.push({ name: 'Step Functions', close: () => sfn.close() });
      endpoints.stepfunctions = sfn.url;
      log(`[stepfunctions] state machines: ${model.stateMachines.map((m) => m.name).join(', ')}`);
    }

    const runtime = await createLambdaRuntime(model, {
      observer: recorder,
      env: localServiceEnvironment(endpoints),
      buildDir: path.join(dataDir, 'build'),
      watch: options.watch,
      log,
    });
    started.push({ name: 'Lambda runtime', close: () => runtime.close() });
    if (sfn) {
      sfn.service.attachRuntime(runtime);
      // Stop executions before the runtime they call.
      started.push(...started.splice(started.findIndex((s) => s.name === 'Step Functions'), 1));
    }

    if (s3) {
      // S3 events invoke functions asynchronously (Lambda's retries, then OnFailure/DLQ); stopped before the runtime.
      const invoker = new AsyncInvoker(runtime, model, { sqsEndpoint: endpoints.sqs, retryDelaysMs: options.s3?.retryDelaysMs, log });
      const notifications = await startS3Notifications(s3.store, model, invoker, {
        sqsEndpoint: endpoints.sqs,
        stepfunctionsEndpoint: endpoints.stepfunctions,
        journalDir: persistentDir && path.join(persistentDir, 's3', 'pending'),
        log,
      });
      // The invoker closes first (retries stop; unsettled events stay journalled), then the deliveries under way end.
      started.push({ name: 'S3 notifications', close: async () => (await invoker.close(), await notifications.close()) });
    }

    const gateway = await track(
      started,
      'API gateway',
      startGateway(model, runtime, {
        host,
        apiPort: ports.api,
        functionUrlPorts: options.ports === 'random' || ports.functionUrls === 0 ? 'random' : model.functionUrls.map((_, i) => ports.functionUrls + i),
        apiKeys: [{ id: secrets.apiKeyId, value: secrets.apiKey, name: 'local' }],
        resolveApiKey: usageKeyResolver(model),
        log,
      }),
    );
    if (model.routes.length) endpoints.api = gateway.apiUrl;
    if (model.functionUrls.length) endpoints.functionUrls = gateway.functionUrls;
    if (model.apis.some((api) => api.apiKeyRequired) || model.routes.some((r) => r.apiKeyRequired)) endpoints.apiKey = secrets.apiKey;
    const tokenSettings = devTokenSettings(model);
    const signToken = async (subject: string, expiresIn?: string | number) =>
      tokenSettings &&
      signDevToken(tokenSettings.secret, { ...tokenSettings, sub: subject, expiresIn: expiresIn ?? '7d', extraClaims: devTokenExtraClaims(tokenSettings, subject) });
    endpoints.token = await signToken('dev-user');

    // Pollers stop before the runtime (services close in reverse order): in-flight messages go back to their queue.
    if (model.sqsEventSources.length && endpoints.sqs) {
      const eventSources = await startSqsEventSources(model, runtime, endpoints.sqs, { log });
      started.push({ name: 'SQS event sources', close: () => eventSources.stop() });
    }

    if (recorder) {
      const consoleServer = await track(started, 'console', startConsoleServer({ model, endpoints, runtime, feed: recorder.feed, recorder }, { host: options.consoleHost ?? consoleHost(host), port: ports.console }));
      endpoints.console = consoleServer.url;
    }

    const endpointsFile =
      options.writeEndpointsFile === false ? undefined : path.join(dataDir, options.ephemeral ? `endpoints.ephemeral-${process.pid}.json` : 'endpoints.json');
    if (endpointsFile) {
      await writeEndpointsFile(endpointsFile, endpoints);
      if (options.ephemeral) started.push({ name: 'endpoints file', close: () => rm(endpointsFile, { force: true }) });
    }
    return { endpoints, ...(endpointsFile ? { endpointsFile } : {}), model, runtime, feed: recorder?.feed, signToken, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Per-user keys (`ApiKeySourceType: AUTHORIZER`): the gateway accepts every key the stack minted into a dev token. */
function usageKeyResolver(model: TemplateModel): ((value: string) => ApiKey | undefined) | undefined {
  const settings = devTokenSettings(model);
  if (!settings?.usageKeyClaim || !model.apis.some((api) => api.apiKeySource === 'AUTHORIZER')) return undefined;
  return (value) => resolveUsageKey(settings.secret, value);
}

async function track<T extends { close(): Promise<void> }>(started: StartedService[], name: string, starting: Promise<T>): Promise<T> {
  const service = await starting;
  started.push({ name, close: () => service.close() });
  return service;
}

/** The project's `knowledge-base/` folder, when it has one: the documents the fake knowledge bases search. */
function defaultKnowledgeBaseDir(projectDir: string): string | undefined {
  const dir = path.join(projectDir, 'knowledge-base');
  return existsSync(dir) ? dir : undefined;
}

async function stopService(started: StartedService[], name: string): Promise<void> {
  const index = started.findIndex((service) => service.name === name);
  if (index >= 0) await started.splice(index, 1)[0].close();
}

/** Log lines to stdout, written once per event-loop turn rather than one synchronous write each. */
function defaultLog(): (line: string) => void {
  const out = stdoutLines();
  return (line) => out.write(line);
}

/** The console has no login: it stays on loopback even when the stack binds another address. */
function consoleHost(host: string): string {
  return host === '::1' || host === 'localhost' ? host : '127.0.0.1';
}

function resolvePorts(ports: StackOptions['ports']): StackPorts {
  if (ports === 'random') return { api: 0, functionUrls: 0, bedrock: 0, dynamodb: 0, sqs: 0, stepfunctions: 0, s3: 0, console: 0 };
  return { ...DEFAULT_PORTS, ...ports };
}
