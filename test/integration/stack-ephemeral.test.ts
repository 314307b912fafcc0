/**
 * An ephemeral stack never overwrites the endpoints file of another stack of the same folder: it
 * writes its own (`endpoints.ephemeral-<pid>.json`) and removes it when it stops.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStack } from '../../local/stack.js';
import { quietLog } from './harness/startTestStack.js';

const dataDir = mkdtempSync(join(tmpdir(), 'ephemeral-endpoints-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('an ephemeral stack', () => {
  it('writes its endpoints to a file of its own and leaves endpoints.json of the other stack alone', async () => {
    // Prepare: the endpoints of a persistent stack already running from this folder.
    const persistent = join(dataDir, 'endpoints.json');
    const theirs = `${JSON.stringify({ region: 'us-east-1', api: 'http://127.0.0.1:3000' }, null, 2)}\n`;
    writeFileSync(persistent, theirs);

    // Act
    const stack = await startStack({ ephemeral: true, dataDir, ports: 'random', watch: false, log: quietLog().log });
    const own = stack.endpointsFile;
    const ownContent = own && existsSync(own) ? (JSON.parse(readFileSync(own, 'utf8')) as { api?: string }) : undefined;
    await stack.close();

    // Assess
    expect(readFileSync(persistent, 'utf8')).toBe(theirs);
    expect(basename(own ?? '')).toBe(`endpoints.ephemeral-${process.pid}.json`);
    expect(ownContent?.api).toBe(stack.endpoints.api);
    expect(existsSync(own!)).toBe(false);
  }, 120_000);
});
