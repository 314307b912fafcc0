import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Endpoints } from '../../local/stack/endpointsFile.js';
import { startEmbeddedStack } from './harness/startTestStack.js';

async function chat(e: Endpoints, body: unknown) {
  const response = await fetch(`${e.api}/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': e.apiKey!, authorization: `Bearer ${e.token}` },
    body: JSON.stringify(body),
  });
  return (await response.json()) as { conversation_id: string; response: string };
}

describe('the embedded stack keeps data (and its clock) under its data directory', () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

  it('still has a conversation after a restart, with the same API key', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'genai-kit-'));
    dirs.push(dataDir);
    const first = await startEmbeddedStack({ dataDir });
    const opening = await chat(first.endpoints, { message: 'remember the word persimmon' });
    await first.close();

    const second = await startEmbeddedStack({ dataDir });
    try {
      expect(second.endpoints.apiKey).toBe(first.endpoints.apiKey);
      await chat(second.endpoints, { message: 'which word?', conversation_id: opening.conversation_id });
      const calls = (await (await fetch(`${second.endpoints.bedrock}/_fake/invocations`)).json()) as {
        invocations: { input: { messages: { role: string; content: { text: string }[] }[] } }[];
      };
      expect(calls.invocations[0].input.messages.map((m) => m.content[0].text)).toEqual([
        'remember the word persimmon',
        opening.response,
        'which word?',
      ]);
      const written = JSON.parse(await readFile(path.join(dataDir, 'endpoints.json'), 'utf8')) as Endpoints;
      expect(written).toMatchObject({ api: second.endpoints.api, apiKey: second.endpoints.apiKey, region: 'us-east-1' });
    } finally {
      await second.close();
    }
  });

  it('restarts its clock where the last run left it, so saved times stay on one clock', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'genai-kit-'));
    dirs.push(dataDir);
    const first = await startEmbeddedStack({ dataDir });
    await first.clock.advance('2d');
    await first.close();

    const second = await startEmbeddedStack({ dataDir });
    try {
      expect(second.clock.offsetMs).toBeGreaterThanOrEqual(2 * 86_400_000);
      const reading = (await (await fetch(`${second.endpoints.clock}/_clock`)).json()) as { offsetMs: number };
      expect(reading.offsetMs).toBeGreaterThanOrEqual(2 * 86_400_000);
    } finally {
      await second.close();
    }
  });
});
