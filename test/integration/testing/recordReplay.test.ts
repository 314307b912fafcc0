/**
 * Record → commit → replay: a stack recording against an upstream Bedrock (here another fake
 * standing in for AWS) writes the answers to a file; a stack replaying that file answers the same
 * requests offline and fails loudly on any other.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startBedrockServer, type RunningBedrock } from '../../../local/bedrock/index.js';
import { ReplayMissError, startStack } from '../../../local/testing/index.js';

const projectDir = 'examples/testing/js-app';
const dir = mkdtempSync(path.join(tmpdir(), 'recorded-models-'));
const recordings = path.join(dir, 'models.json');
let upstream: RunningBedrock | undefined;
afterAll(async () => {
  await upstream?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('bedrock: { record } then { replay }', () => {
  it('replays what was recorded, and a request never recorded fails the call and stop()', async () => {
    upstream = await startBedrockServer({ fixtures: [{ match: { lastUserMessage: 'lamp' }, respond: { text: 'Two lamps, handle with care.' } }] });
    const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

    const recording = await startStack({ projectDir, bedrock: { record: { file: recordings, endpoint: upstream.url, region: 'us-east-1', credentials } } });
    const recorded = await recording.api<{ summary: string }>('/orders', { body: { item: 'lamp', quantity: 2 } });
    await recording.api('/orders', { body: { item: 'lamp', quantity: 2 } }); // the same request again: recorded once
    await recording.stop();
    expect(recorded.body.summary).toBe('Two lamps, handle with care.');
    const file = JSON.parse(readFileSync(recordings, 'utf8')) as { rules: { match: { requestHash: string } }[] };
    expect(file.rules).toHaveLength(1);
    expect(file.rules[0].match.requestHash).toMatch(/^[0-9a-f]{64}$/);
    await upstream.close();
    upstream = undefined;

    const replaying = await startStack({ projectDir, bedrock: { replay: recordings } });
    const replayed = await replaying.api<{ summary: string }>('/orders', { body: { item: 'lamp', quantity: 2 } });
    const missed = await replaying.api('/orders', { body: { item: 'sofa', quantity: 1 } });
    const [, miss] = await replaying.bedrock.invocations();
    const stopped = replaying.stop();

    expect(replayed.body.summary).toBe('Two lamps, handle with care.');
    expect(missed.status).toBe(500);
    expect(miss.error?.message).toMatch(/^No recording in .*models\.json matches this request \(Converse us\.anthropic\.claude-haiku-4-5-20251001-v1:0, request hash [0-9a-f]{64}, last user message "Summarise this order: 1 × sofa"\)/);
    await expect(stopped).rejects.toThrow(ReplayMissError);
    await expect(stopped).rejects.toThrow(/had no recording of 1 request\(s\):\n {2}Converse .* "Summarise this order: 1 × sofa"/);
  });

  it('refuses a replay file that does not exist, saying how to make it', async () => {
    await expect(startStack({ projectDir, bedrock: { replay: 'fixtures/none.json' } })).rejects.toThrow(/does not exist; record it first with bedrock: \{ record: 'fixtures\/none.json' \}/);
  });
});
