/**
 * The embedded stack: every local service and the application's functions in one process.
 *
 * Services start in dependency order (storage and the fake model first, then the functions, then
 * what invokes them) and stop in reverse order, so nothing in flight is lost on shutdown.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { signDevToken } from './auth/devToken.js';
import { devTokenExtraClaims, devTokenSettings } from './auth/devTokenSettings.js';
import { resolveUsageKey } from './auth/usageKeys.js';
import type { ApiKey } from './gateway/apiKeyStore.js';
import { loadLocalSecrets } from './auth/localSecrets.js';
import type { BedrockServerOptions } from './bedrock/server/options.js';
import type { DynamoDbBackend } from './dynamodb/startDynamoDb.js';
import type { StackTimeToLive } from './dynamodb/ttl/startTimeToLiveSweeper.js';
import { StackClock } from './clock/StackClock.js';
import { ephemeralEndpointsName, removeOrphanedEndpointsFiles, writeEndpointsFile, type Endpoints } from './stack/endpointsFile.js';
import { localServiceEnvironment } from './stack/localServiceEnvironment.js';
import { bedrockOptions, logExternalKnowledgeBases } from './stack/bedrockOptions.js';
import { stdoutLines } from './runtime/BatchedLineWriter.js';
import type { RunningS3 } from './s3/server/startS3Server.js';
import type { LocalLambdaRuntime } from './runtime/createLambdaRuntime.js';
import { FunctionInvocationLog, recordInvocations } from './runtime/FunctionInvocationLog.js';
import type { ConsoleFeed, FeedRecorder } from './console/index.js';
import { loadLocalTemplate } from './template/index.js';
import { LOCAL_REGION, type TemplateModel } from './template/model.js';

/** Default ports: the same as the containerised services' (DESIGN.md §2). */
export const DEFAULT_PORTS = { api: 3000, functionUrls: 3001, bedrock: 4010, dynamodb: 8000, sqs: 9324, stepfunctions: 8083, s3: 9000, clock: 8901, console: 8900 };

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
  /** The clock every time-driven service of the stack reads (default: a new one, on real time). */
  clock?: StackClock;
  log?: (line: string) => void;
  /** Serve the local console (web page and live feed) on 127.0.0.1 (default true). */
  console?: boolean;
  /**
   * Keep the last 1,000 function invocations for tests' `stack.invocations(fn)` (default true).
   * `genai-kit start` turns it off: nothing reads it there, and a busy stack would pay the collector
   * for every event kept.
   */
  invocationLog?: boolean;
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
  runtime: LocalLambdaRuntime;
  /** Every finished function invocation, for tests (`local/testing`'s `stack.invocations(fn)`); empty with `invocationLog: false`. */
  invocations: FunctionInvocationLog;
  /** The stack's clock: `await stack.clock.advance('6m')` skips time for queues, state machines, caches, quotas and TTL (docs/time.md). */
  clock: StackClock;
  /** DynamoDB TTL: expired items are deleted within seconds and at every clock advance; `records()` are the REMOVE stream records. */
  ttl: StackTimeToLive;
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
  const clock = options.clock ?? new StackClock();
  // A clock of the stack's own drops its pending timers last, once every service has stopped.
  const started: StartedService[] = options.clock ? [] : [{ name: 'clock', close: async () => clock.close() }];
  const closeAll = async () => {
    for (const service of started.reverse()) await service.close().catch((error: Error) => log(`[stack] ${service.name}: ${error.message}`));
  };

  try {
    if (persistentDir && !options.clock) {
      const { keepClockIn } = await import('./clock/savedClock.js');
      const { describeLead } = await import('./clock/parseDuration.js');
      const kept = await keepClockIn(clock, path.join(persistentDir, 'clock.json'));
      started.push({ name: 'clock file', close: async () => kept.stop() });
      if (kept.restoredMs) log(`[clock] ${describeLead(kept.restoredMs)}, as the last run left it (delete ${path.join(persistentDir, 'clock.json')} to start at real time)`);
    }
    // Each service's code is loaded only when the template needs it; independent services start together.
    const runtimeModule = import('./runtime/createLambdaRuntime.js');
    const bedrockModule = import('./bedrock/server/startBedrockServer.js');
    // The console's feed: invocations (the runtime's observer), model calls, executions and queue changes.
    const consoleModule = options.console === false ? undefined : await import('./console/index.js');
    const recorder: FeedRecorder | undefined = consoleModule && new consoleModule.FeedRecorder(new consoleModule.ConsoleFeed(consoleModule.DEFAULT_FEED_HISTORY, consoleModule.FEED_SHAPES));
    // The clock endpoint serves the TTL sweeper's records once DynamoDB is provisioned.
    const ttl: { sweeper?: StackTimeToLive } = {};
    const [secrets, dynamoDb, sqs, clockServer] = await settled([
      loadLocalSecrets(options.writeEndpointsFile === false ? undefined : dataDir),
      options.external?.dynamodb
        ? undefined
        : track(started, 'DynamoDB', import('./dynamodb/startDynamoDb.js').then(({ startDynamoDb }) =>
            startDynamoDb({ backend: options.dynamodb ?? 'dynalite', host, port: ports.dynamodb, now: () => clock.now(), dataDir: persistentDir && path.join(persistentDir, options.dynamodb === 'local' ? 'dynamodb-local' : 'dynamodb') }),
          )),
      options.external?.sqs
        ? undefined
        : track(started, 'SQS', import('./sqs/SqsServer.js').then(({ startSqsServer }) => startSqsServer({ host, port: ports.sqs, clock, dataDir: persistentDir && path.join(persistentDir, 'sqs'), log, onQueueChange: recorder && ((queue) => recorder.queueChanged(queue)) }))),
      track(started, 'clock endpoint', import('./clock/startClockServer.js').then(({ startClockServer }) =>
        startClockServer(clock, { host, port: ports.clock, ttlDeletions: (table) => ttl.sweeper?.records(table) ?? [] }),
      )),
    ] as const);
    const endpoints: Endpoints = { region: LOCAL_REGION, clock: clockServer.url };
    endpoints.dynamodb = options.external?.dynamodb ?? dynamoDb!.url;
    endpoints.sqs = options.external?.sqs ?? sqs!.url;

    const model = await loadLocalTemplate(path.resolve(projectDir, options.template ?? 'template.yaml'), {
      parameterOverrides: options.parameterOverrides,
      jwtSecret: secrets.jwtSecret,
      endpoints: { sqs: endpoints.sqs },
    });
    for (const item of model.unsupported) log(`[template] not emulated: ${item}`);
    // SQS had to listen before the template was read (queue URLs name its port); a template without queues does not need it.
    if (!model.queues.length && !options.external?.sqs) {
      await stopService(started, 'SQS');
      delete endpoints.sqs;
    }

    // Storage is provisioned and S3 listens, side by side; the fake Bedrock starts once S3 listens
    // (the template's knowledge bases ingest their data sources through it).
    const s3Starting = model.buckets?.length ? startS3(started, model, { host, port: ports.s3, dataDir: persistentDir && path.join(persistentDir, 's3'), log }) : Promise.resolve(undefined);
    const bedrockStarting = options.external?.bedrock
      ? Promise.resolve(undefined)
      : s3Starting.then(async (s3) => {
          const { startBedrockServer } = await bedrockModule;
          return track(started, 'Bedrock', startBedrockServer({ ...bedrockOptions(options, projectDir, model, persistentDir), paceClock: clock, s3Endpoint: s3?.url, host, port: ports.bedrock }));
        });
    const [, , s3, bedrock] = await settled([
      import('./provision/provisionTables.js').then(async ({ provisionTables }) => {
        const provisioned = await provisionTables(model.tables, endpoints.dynamodb!);
        for (const note of provisioned.notes) log(`[dynamodb] ${note}`);
      }),
      endpoints.sqs && model.queues.length ? import('./provision/provisionQueues.js').then(({ provisionQueues }) => provisionQueues(model.queues, endpoints.sqs!)) : undefined,
      // S3 runs when the template has buckets (a template without them leaves the key out of endpoints.json).
      s3Starting,
      bedrockStarting,
    ] as const);
    if (s3) endpoints.s3 = s3.url;
    endpoints.bedrock = options.external?.bedrock ?? bedrock?.url;
    if (recorder && bedrock) recorder.watchBedrock(bedrock.service.log);
    if (recorder && consoleModule && !bedrock && endpoints.bedrock) {
      const stopPolling = consoleModule.pollBedrockInvocations(endpoints.bedrock, recorder);
      started.push({ name: 'Bedrock poller', close: async () => stopPolling() });
    }
    if (model.guardrails?.length) (await import('./bedrock/guardrails/templateGuardrails.js')).handTemplateGuardrails(model.guardrails, bedrock?.service, log);
    if (options.external?.bedrock) logExternalKnowledgeBases(model, log);

    // Step Functions listens before the runtime starts (functions get its URL), runs tasks once the runtime is attached.
    const sfn = model.stateMachines.length
      ? await (await import('./stepfunctions/api/startStepFunctionsServer.js')).startStepFunctionsServer({
          ...options.stepfunctions,
          clock,
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
    const { startTimeToLiveSweeper } = await import('./dynamodb/ttl/startTimeToLiveSweeper.js');
    const sweeper = startTimeToLiveSweeper({ endpoint: endpoints.dynamodb, clock, tables: model.tables, registry: dynamoDb?.timeToLive, log });
    ttl.sweeper = sweeper;
    started.push({ name: 'DynamoDB TTL', close: () => sweeper.close() });
    if (sfn) {
      started.push({ name: 'Step Functions', close: () => sfn.close() });
      endpoints.stepfunctions = sfn.url;
      log(`[stepfunctions] state machines: ${model.stateMachines.map((m) => m.name).join(', ')}`);
    }

    const runtime = await (await runtimeModule).createLambdaRuntime(model, {
      observer: recorder,
      env: localServiceEnvironment(endpoints),
      buildDir: path.join(dataDir, 'build'),
      watch: options.watch,
      log,
    });
    const invocations = new FunctionInvocationLog(model.functions);
    if (options.invocationLog !== false) recordInvocations(runtime, invocations);
    started.push({ name: 'Lambda runtime', close: () => runtime.close() });
    if (sfn) {
      sfn.service.attachRuntime(runtime);
      // Stop executions before the runtime they call.
      started.push(...started.splice(started.findIndex((s) => s.name === 'Step Functions'), 1));
    }

    if (s3) {
      const [{ AsyncInvoker }, { startS3Notifications }] = await Promise.all([import('./events/AsyncInvoker.js'), import('./s3/notifications/startS3Notifications.js')]);
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
      (await import('./gateway/startGateway.js')).startGateway(model, runtime, {
        host,
        apiPort: ports.api,
        functionUrlPorts: options.ports === 'random' || ports.functionUrls === 0 ? 'random' : model.functionUrls.map((_, i) => ports.functionUrls + i),
        apiKeys: [{ id: secrets.apiKeyId, value: secrets.apiKey, name: 'local' }],
        resolveApiKey: usageKeyResolver(model),
        now: () => clock.now(),
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
      const { startSqsEventSources } = await import('./events/startSqsEventSources.js');
      const eventSources = await startSqsEventSources(model, runtime, endpoints.sqs, { now: () => clock.now(), log });
      started.push({ name: 'SQS event sources', close: () => eventSources.stop() });
    }

    if (recorder && consoleModule) {
      const consoleServer = await track(started, 'console', consoleModule.startConsoleServer({ model, endpoints, runtime, feed: recorder.feed, recorder, queueAges: sqs?.oldestMessageAgeSeconds }, { host: options.consoleHost ?? consoleHost(host), port: ports.console }));
      endpoints.console = consoleServer.url;
    }

    const endpointsFile =
      options.writeEndpointsFile === false ? undefined : path.join(dataDir, options.ephemeral ? ephemeralEndpointsName(process.pid) : 'endpoints.json');
    if (endpointsFile) {
      if (options.ephemeral) await removeOrphanedEndpointsFiles(dataDir);
      await writeEndpointsFile(endpointsFile, endpoints);
      if (options.ephemeral) started.push({ name: 'endpoints file', close: () => rm(endpointsFile, { force: true }) });
    }
    return { endpoints, ...(endpointsFile ? { endpointsFile } : {}), model, runtime, invocations, clock, ttl: sweeper, feed: recorder?.feed, signToken, close: closeAll };
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

/** The local S3 with the template's buckets created. */
async function startS3(started: StartedService[], model: TemplateModel, options: { host: string; port: number; dataDir?: string; log: (line: string) => void }): Promise<RunningS3> {
  const [{ startS3Server }, { provisionBuckets }] = await Promise.all([import('./s3/server/startS3Server.js'), import('./provision/provisionBuckets.js')]);
  const s3 = await track(started, 'S3', startS3Server(options));
  await provisionBuckets(model.buckets ?? [], s3.url);
  return s3;
}

/**
 * Like `Promise.all`, but waits for every promise to settle before throwing the first rejection, so
 * a service that fails never leaves a sibling still starting while the stack closes what started.
 */
async function settled<T extends readonly unknown[]>(promises: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(promises);
  const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failure) throw failure.reason;
  return results.map((result) => (result as PromiseFulfilledResult<unknown>).value) as { -readonly [K in keyof T]: Awaited<T[K]> };
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
  if (ports === 'random') return { api: 0, functionUrls: 0, bedrock: 0, dynamodb: 0, sqs: 0, stepfunctions: 0, s3: 0, clock: 0, console: 0 };
  return { ...DEFAULT_PORTS, ...ports };
}
