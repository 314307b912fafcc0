/**
 * The `containers` test stack (GENAI_KIT_STACK=containers): Testcontainers starts DynamoDB Local,
 * the SQS service and the fake Bedrock as containers with ports published on 127.0.0.1, and the
 * application (gateway + Lambda runtime) runs on the host against them through `startStack`.
 *
 * Images (each overridable; a machine without a registry builds local stand-ins with
 * .ci/containers/build-images.sh and sets these from .ci/containers/local-images.env):
 *   DYNAMODB_IMAGE  default amazon/dynamodb-local:latest
 *   SQS_IMAGE       default softwaremill/elasticmq-native:latest
 *   BEDROCK_IMAGE   default: built from local/bedrock/Dockerfile (NODE_BASE_IMAGE / NPM_CI build args)
 *
 * A container that dies while the tests run is reported at once with its last log lines, and the
 * run fails at teardown. Ryuk (the reaper image) is off: `close()` removes every container, and
 * .ci/containers/cleanup.sh removes leftovers (label org.testcontainers=true).
 */
import { freePort } from '../../../local/listenOn.js';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type * as Testcontainers from 'testcontainers';
import type { GenericContainer, StartedTestContainer } from 'testcontainers';
import { TestStack, type StartedTestStack } from '../../../local/testing/index.js';
import { localControl } from '../../../local/testing/localControl.js';
import { writeDefinitions } from '../../../local/cli/kb.js';
import { SHARED_STACK_OVERRIDES, startSuiteStack } from './startTestStack.js';

const root = path.resolve(import.meta.dirname, '../../..');
const LOG_TAIL = 40;
const READY_TIMEOUT_MS = 60_000;

/** ElasticMQ's config: queue URLs take the request's host, so they work through a published port. */
const ELASTICMQ_CONF = `include classpath("application.conf")
node-address { protocol = http, host = "*", port = 9324, context-path = "" }
rest-sqs { enabled = true, bind-port = 9324, bind-hostname = "0.0.0.0", sqs-limits = strict }
`;

interface ServiceSpec {
  name: 'dynamodb' | 'sqs' | 'bedrock';
  image: string;
  port: number;
  /** Runs in the host's network (its port is the host's): a service that must reach the kit on 127.0.0.1. */
  hostNetwork?: boolean;
  /** A log line that says the service is up (then the harness checks it answers HTTP). */
  ready: RegExp;
  configure(container: GenericContainer): GenericContainer;
}

interface RunningService {
  spec: ServiceSpec;
  container: StartedTestContainer;
  url: string;
}

export function containerImages(): { dynamodb: string; sqs: string; bedrock?: string } {
  return {
    dynamodb: process.env.DYNAMODB_IMAGE || 'amazon/dynamodb-local:latest',
    sqs: process.env.SQS_IMAGE || 'softwaremill/elasticmq-native:latest',
    bedrock: process.env.BEDROCK_IMAGE || undefined,
  };
}

/** Whether the SQS image is ElasticMQ or the kit's stand-in (said plainly in the test output). */
export function describeSqsImage(image: string): string {
  return /elasticmq/i.test(image)
    ? `ElasticMQ (${image})`
    : `SQS stand-in ${image}: the kit's embedded SQS in a container, NOT ElasticMQ (ElasticMQ cannot be had on this machine)`;
}

export async function startStackOf(): Promise<TestStack> {
  // No reaper (its image cannot be pulled offline) and no gateway lookup (it needs a helper image).
  process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
  const testcontainers = await import('testcontainers');
  const { GenericContainer, Wait } = testcontainers;
  const images = containerImages();
  const say = (line: string) => process.stdout.write(`[containers] ${line}\n`);

  const started = Date.now();
  const bedrockImage = images.bedrock ?? (await buildBedrockImage(testcontainers, say));
  // The fake Bedrock ingests the template's knowledge bases from the kit's S3, which runs on the host
  // (127.0.0.1 only): the Bedrock container shares the host's network, and S3 gets a port chosen now.
  const [s3Port, bedrockPort] = [await freePort(), await freePort()];
  const knowledgeBases = path.join(await mkdtemp(path.join(tmpdir(), 'kb-definitions-')), 'knowledge-bases.json');
  await writeDefinitions(path.join(root, 'template.yaml'), SHARED_STACK_OVERRIDES, knowledgeBases);
  const specs: ServiceSpec[] = [
    {
      name: 'dynamodb',
      image: images.dynamodb,
      port: 8000,
      ready: /Initializing DynamoDB Local|CorsParams/,
      configure: (c) => c.withWorkingDir('/home/dynamodblocal').withCommand(['-jar', 'DynamoDBLocal.jar', '-inMemory', '-sharedDb', '-disableTelemetry']),
    },
    {
      name: 'sqs',
      image: images.sqs,
      port: 9324,
      ready: /listening on|ElasticMQ server .* started|started in/i,
      configure: (c) => c.withCopyContentToContainer([{ content: ELASTICMQ_CONF, target: '/opt/elasticmq.conf' }]),
    },
    {
      name: 'bedrock',
      image: bedrockImage,
      port: bedrockPort,
      hostNetwork: true,
      ready: /listening on/,
      configure: (c) => {
        c.withNetworkMode('host')
          .withEnvironment({
            BEDROCK_HOST: '127.0.0.1',
            BEDROCK_PORT: String(bedrockPort),
            BEDROCK_FIRST_TOKEN_DELAY_MS: '0',
            BEDROCK_TOKENS_PER_SECOND: '0',
            BEDROCK_KNOWLEDGE_BASES: '/knowledge-bases.json',
            BEDROCK_S3_ENDPOINT: `http://127.0.0.1:${s3Port}`,
          })
          .withCopyFilesToContainer([{ source: knowledgeBases, target: '/knowledge-bases.json' }]);
        // The documents the fake knowledge bases retrieve from, as the embedded stack uses them.
        const knowledgeBase = path.join(root, 'knowledge-base');
        if (existsSync(knowledgeBase)) {
          c.withCopyDirectoriesToContainer([{ source: knowledgeBase, target: '/knowledge-base' }]).withEnvironment({ BEDROCK_KB_DIR: '/knowledge-base' });
        }
        return c;
      },
    },
  ];
  say(`DynamoDB: ${images.dynamodb}; SQS: ${describeSqsImage(images.sqs)}; Bedrock: ${bedrockImage}`);

  const results = await Promise.allSettled(
    specs.map(async (spec): Promise<RunningService> => {
      const container = spec
        .configure(new GenericContainer(spec.image))
        .withLabels({ 'genai-kit.test': 'containers' })
        .withWaitStrategy(Wait.forLogMessage(spec.ready))
        .withStartupTimeout(READY_TIMEOUT_MS);
      if (!spec.hostNetwork) publishOnLoopback(container, spec.port);
      const running = await container.start();
      const url = `http://127.0.0.1:${spec.hostNetwork ? spec.port : running.getMappedPort(spec.port)}`;
      await waitUntilAnswering(url, READY_TIMEOUT_MS).catch(async (error: Error) => {
        const logs = await lastLogLines(running.getId());
        await running.stop({ timeout: 1000 }).catch(() => undefined);
        throw new Error(`${spec.name} (${spec.image}) started but ${error.message}. Its last log lines:\n${logs}`);
      });
      return { spec, container: running, url };
    }),
  );
  const services = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const failures = results.flatMap((result, i) => (result.status === 'rejected' ? [`${specs[i].name} (${specs[i].image}): ${String(result.reason)}`] : []));
  if (failures.length) {
    await stopAll(services);
    throw new Error(`The containers stack could not start:\n${failures.join('\n')}\n${imageHint()}`);
  }
  say(`containers up in ${Date.now() - started} ms: ${services.map((s) => `${s.spec.name} ${s.url}`).join(', ')}`);

  const deaths: string[] = [];
  let closing = false;
  const watchers = services.map((service) =>
    watchForExit(service.container.getId(), async (code) => {
      if (closing) return;
      const report = `${service.spec.name} container (${service.spec.image}) exited with code ${code} while the tests ran. Its last log lines:\n${await lastLogLines(service.container.getId())}`;
      deaths.push(report);
      process.stderr.write(`[containers] ${report}\n`);
    }),
  );

  const byName = Object.fromEntries(services.map((service) => [service.spec.name, service.url])) as Record<ServiceSpec['name'], string>;
  let stack: StartedTestStack;
  try {
    stack = await startSuiteStack({
      external: { dynamodb: byName.dynamodb, sqs: byName.sqs, bedrock: byName.bedrock },
      ports: { api: 0, functionUrls: 0, bedrock: 0, dynamodb: 0, sqs: 0, stepfunctions: 0, s3: s3Port, clock: 0, console: 0 },
    });
  } catch (error) {
    closing = true;
    for (const watcher of watchers) watcher.kill();
    await stopAll(services);
    throw new Error(`The app could not start against the containers: ${(error as Error).message}`, { cause: error });
  }
  say(`stack (gateway + runtime on the host) up in ${Date.now() - started} ms in all`);
  return new TestStack(stack.description, localControl(stack.running), async () => {
    closing = true;
    for (const watcher of watchers) watcher.kill();
    await stack.stop();
    await stopAll(services);
    if (deaths.length) throw new Error(`A container died during the tests:\n${deaths.join('\n')}`);
  });
}

/** Publishes a port on 127.0.0.1 only (Testcontainers itself binds every interface). */
function publishOnLoopback(container: GenericContainer, port: number): void {
  container.withExposedPorts(port);
  const exposed = container as unknown as { hostConfig: { PortBindings?: Record<string, { HostIp?: string; HostPort: string }[]> } };
  exposed.hostConfig.PortBindings = { ...exposed.hostConfig.PortBindings, [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '0' }] };
}

async function buildBedrockImage(testcontainers: typeof Testcontainers, say: (line: string) => void): Promise<string> {
  const image = 'genai-kit/fake-bedrock:test';
  const started = Date.now();
  const buildArgs: Record<string, string> = {};
  if (process.env.NODE_BASE_IMAGE) buildArgs.NODE_BASE_IMAGE = process.env.NODE_BASE_IMAGE;
  if (process.env.NPM_CI) buildArgs.NPM_CI = process.env.NPM_CI;
  await testcontainers.GenericContainer.fromDockerfile(root, 'local/bedrock/Dockerfile').withBuildArgs(buildArgs).build(image, { deleteOnExit: false });
  say(`built ${image} from local/bedrock/Dockerfile in ${Date.now() - started} ms`);
  return image;
}

async function waitUntilAnswering(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(2000) });
      return;
    } catch (error) {
      last = String((error as Error).cause ?? error);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`did not answer on ${url} within ${timeoutMs} ms (${last})`);
}

/** Calls `onExit(code)` when the container stops; `kill()` stops watching. */
function watchForExit(id: string, onExit: (code: string) => void): ChildProcess {
  const child = spawn('docker', ['wait', id], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.on('exit', (status, signal) => {
    if (signal === null && status === 0) onExit(out.trim());
  });
  child.unref();
  return child;
}

async function lastLogLines(id: string): Promise<string> {
  try {
    const { stdout, stderr } = await promisify(execFile)('docker', ['logs', '--tail', String(LOG_TAIL), id]);
    return `${stdout}${stderr}`.trimEnd() || '(no output)';
  } catch (error) {
    return `(logs unavailable: ${(error as Error).message})`;
  }
}

async function stopAll(services: RunningService[]): Promise<void> {
  await Promise.all(services.map((service) => service.container.stop({ timeout: 2000 }).catch(() => undefined)));
}

function imageHint(): string {
  return (
    'Is the Docker engine running (here: bash .ci/containers/install-engine.sh)? Without a container registry, build local images ' +
    'first (bash .ci/containers/build-images.sh) and set DYNAMODB_IMAGE, SQS_IMAGE and BEDROCK_IMAGE from .ci/containers/local-images.env.'
  );
}
