import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { readStateFile, writeStateFile } from '../stateFile.js';

/** `.local/endpoints.json`: where every local service answers (DESIGN.md §2). Keys of unused services are left out. */
export interface Endpoints {
  api?: string;
  functionUrls?: Record<string, string>;
  bedrock?: string;
  dynamodb?: string;
  sqs?: string;
  stepfunctions?: string;
  s3?: string;
  /** The stack clock's HTTP endpoint (`GET /_clock`, `POST /_clock/advance`; docs/time.md). */
  clock?: string;
  /** The local console (web page and live feed), `http://127.0.0.1:<port>/`. */
  console?: string;
  apiKey?: string;
  token?: string;
  region: string;
}

/** Writes the endpoints file atomically (a reader never sees half of it). */
export async function writeEndpointsFile(file: string, endpoints: Endpoints): Promise<void> {
  await writeStateFile(file, `${JSON.stringify(endpoints, null, 2)}\n`);
}

/** `endpoints.ephemeral-<pid>.json`: an ephemeral stack's file, removed when it stops. */
export const ephemeralEndpointsName = (pid: number) => `endpoints.ephemeral-${pid}.json`;

/**
 * Removes the files of ephemeral stacks whose process is gone (killed before it could remove its
 * own): a reader looking for a running stack must not find them. Returns the files removed.
 */
export async function removeOrphanedEndpointsFiles(dataDir: string): Promise<string[]> {
  const names = await readdir(dataDir).catch(() => [] as string[]);
  const orphans = names.filter((name) => {
    const pid = Number(/^endpoints\.ephemeral-(\d+)\.json$/.exec(name)?.[1]);
    return pid > 0 && !isRunning(pid);
  });
  await Promise.all(orphans.map((name) => rm(path.join(dataDir, name), { force: true })));
  return orphans.map((name) => path.join(dataDir, name));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const isEndpoints = (value: unknown): value is Endpoints => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads the endpoints file; a missing one says to start the stack, a damaged one says so and how to fix it. */
export async function readEndpointsFile(file: string): Promise<Endpoints> {
  const endpoints = await readStateFile(file, "The stack rewrites it when it starts: restart it ('npm start' or 'genai-kit start').", isEndpoints);
  if (!endpoints) throw new Error(`${file} not found: start the stack first with 'npm start' (or 'genai-kit start').`);
  return endpoints;
}

/** The endpoints as a two-column table for the terminal. */
export function formatEndpoints(endpoints: Endpoints): string {
  const rows: [string, string][] = [];
  if (endpoints.api) rows.push(['API (REST + HTTP API)', endpoints.api]);
  for (const [fn, url] of Object.entries(endpoints.functionUrls ?? {})) rows.push([`Function URL ${fn}`, url]);
  if (endpoints.bedrock) rows.push(['Bedrock (runtime + agent runtime)', endpoints.bedrock]);
  if (endpoints.dynamodb) rows.push(['DynamoDB', endpoints.dynamodb]);
  if (endpoints.sqs) rows.push(['SQS', endpoints.sqs]);
  if (endpoints.stepfunctions) rows.push(['Step Functions', endpoints.stepfunctions]);
  if (endpoints.s3) rows.push(['S3', endpoints.s3]);
  if (endpoints.clock) rows.push(['Clock (POST /_clock/advance)', endpoints.clock]);
  if (endpoints.console) rows.push(['Console (web page + live feed)', endpoints.console]);
  if (endpoints.apiKey) rows.push(['API key (x-api-key)', endpoints.apiKey]);
  if (endpoints.token) rows.push(['Dev token (Authorization: Bearer …)', `${endpoints.token.slice(0, 24)}… (full token in endpoints.json)`]);
  const width = Math.max(...rows.map(([name]) => name.length));
  return rows.map(([name, value]) => `  ${name.padEnd(width)}  ${value}`).join('\n');
}
