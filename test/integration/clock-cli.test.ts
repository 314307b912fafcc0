/**
 * `genai-kit clock` against a clock endpoint found in an endpoints file, as a user runs it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StackClock } from '../../local/clock/StackClock.js';
import { startClockServer, type RunningClockServer } from '../../local/clock/startClockServer.js';

const run = promisify(execFile);
let dir: string;
let endpoints: string;
let server: RunningClockServer;
const clock = new StackClock();

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'clock-cli-'));
  server = await startClockServer(clock, { port: 0 });
  endpoints = path.join(dir, 'endpoints.json');
  await writeFile(endpoints, JSON.stringify({ region: 'us-east-1', clock: server.url }));
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

const genaiKit = (...args: string[]) => run('npx', ['tsx', 'local/cli.ts', 'clock', ...args, '--endpoints', endpoints], { encoding: 'utf8' });

describe('genai-kit clock', () => {
  it('prints the time, advances it, and refuses a bad duration', async () => {
    expect((await genaiKit()).stdout).toMatch(/^\d{4}-\d\d-\d\dT.*Z \(real time\)\n$/);
    expect((await genaiKit('advance', '1d')).stdout).toMatch(/\(1d ahead of real time\)/);
    expect(clock.offsetMs).toBe(86_400_000);
    const failure = await genaiKit('advance', 'soon').catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 1, stderr: expect.stringContaining("Invalid duration 'soon'") });
  }, 60_000);
});
