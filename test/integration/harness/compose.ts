/**
 * The `compose` test stack (GENAI_KIT_STACK=compose): an already running `docker compose up` of
 * docker-compose.yml. The harness starts nothing: it reads the published ports from compose, the
 * API key and signing secret from the app container's data directory, and mints the tokens the
 * suite needs with that secret.
 *
 *   BEDROCK_FIRST_TOKEN_DELAY_MS=0 BEDROCK_TOKENS_PER_SECOND=0 docker compose up -d --wait
 *   GENAI_KIT_STACK=compose npx vitest run --project app
 *
 * COMPOSE_FILE / COMPOSE_PROJECT_NAME are honoured as docker compose honours them. Compose v2
 * (`docker compose`) is used when present, else v1 (`docker-compose`).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { signDevToken } from '../../../local/auth/devToken.js';
import { devTokenExtraClaims, devTokenSettings } from '../../../local/auth/devTokenSettings.js';
import type { LocalSecrets } from '../../../local/auth/localSecrets.js';
import type { Endpoints } from '../../../local/stack/endpointsFile.js';
import { loadLocalTemplate } from '../../../local/template/index.js';
import { NotInStackError, TestStack } from '../../../local/testing/index.js';
import { describeStack } from '../../../local/testing/StackDescription.js';
import { SHARED_STACK_OVERRIDES } from './startTestStack.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../../..');
/** Where the app image keeps its data (docker-compose.yml mounts the app-data volume there). */
const APP_DATA_DIR = '/app/.local';

type Compose = (args: string[]) => Promise<string>;

async function composeCommand(): Promise<Compose> {
  const file = process.env.COMPOSE_FILE ? [] : ['-f', path.join(root, 'docker-compose.yml')];
  const v2 = await run('docker', ['compose', 'version']).then(
    () => true,
    () => false,
  );
  const [command, prefix] = v2 ? ['docker', ['compose', ...file]] : ['docker-compose', file];
  return async (args) => (await run(command, [...prefix, ...args], { cwd: root, maxBuffer: 8 * 1024 * 1024 })).stdout;
}

/** `docker compose port <service> <port>` as a loopback URL. */
async function publishedUrl(compose: Compose, service: string, port: number): Promise<string> {
  const out = (await compose(['port', service, String(port)])).trim().split('\n')[0] ?? '';
  const hostPort = out.slice(out.lastIndexOf(':') + 1);
  if (!/^\d+$/.test(hostPort)) throw new Error(`compose does not publish ${service}:${port} (got '${out}')`);
  return `http://127.0.0.1:${hostPort}`;
}

export async function startStackOf(): Promise<TestStack> {
  const compose = await composeCommand();
  let running: string;
  try {
    running = await compose(['ps', '--services', '--filter', 'status=running']);
  } catch (error) {
    throw new Error(`docker compose does not answer: ${(error as Error).message}`);
  }
  const services = new Set(running.split('\n').map((line) => line.trim()).filter(Boolean));
  const missing = ['dynamodb', 'sqs', 'bedrock', 'app'].filter((service) => !services.has(service));
  if (missing.length) {
    throw new Error(`GENAI_KIT_STACK=compose needs a running 'docker compose up'; not running: ${missing.join(', ')}. Start it with: docker compose up -d --wait`);
  }

  const readAppFile = async (name: string) => JSON.parse(await compose(['exec', '-T', 'app', 'cat', `${APP_DATA_DIR}/${name}`])) as unknown;
  const inside = (await readAppFile('endpoints.json')) as Endpoints;
  const secrets = (await readAppFile('secrets.json')) as LocalSecrets;

  const endpoints: Endpoints = {
    region: inside.region,
    apiKey: inside.apiKey,
    token: inside.token,
    dynamodb: await publishedUrl(compose, 'dynamodb', 8000),
    sqs: await publishedUrl(compose, 'sqs', 9324),
    bedrock: await publishedUrl(compose, 'bedrock', 4010),
  };
  if (inside.api) endpoints.api = await publishedUrl(compose, 'app', Number(new URL(inside.api).port));
  if (inside.stepfunctions) endpoints.stepfunctions = await publishedUrl(compose, 'app', Number(new URL(inside.stepfunctions).port));
  if (inside.s3) endpoints.s3 = await publishedUrl(compose, 'app', Number(new URL(inside.s3).port));
  if (inside.clock) endpoints.clock = await publishedUrl(compose, 'app', Number(new URL(inside.clock).port));

  // Tokens for other users, signed with the app container's secret; the template read as the container reads it.
  const model = await loadLocalTemplate(path.join(root, 'template.yaml'), { jwtSecret: secrets.jwtSecret, parameterOverrides: SHARED_STACK_OVERRIDES });
  const settings = devTokenSettings(model);
  process.stdout.write(`[compose] using the running compose stack: API ${endpoints.api}, Bedrock ${endpoints.bedrock}, DynamoDB ${endpoints.dynamodb}, SQS ${endpoints.sqs}\n`);
  // Started by someone else: left running (stop() only closes the clients).
  return new TestStack(describeStack(model, endpoints), {
    async tokenFor(user, options = {}) {
      if (!settings) throw new NotInStackError('the template has no token authorizer');
      return signDevToken(settings.secret, { ...settings, sub: user, expiresIn: options.expiresIn ?? '7d', extraClaims: devTokenExtraClaims(settings, user) });
    },
    invocations: () => Promise.reject(new NotInStackError("the compose stack's functions run in its app container: their invocations are not visible from the tests")),
  });
}
