import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { TimeToLiveRegistry } from '../../../local/dynamodb/ttl/TimeToLiveRegistry.js';
import { describeTimeToLive, TTL_CHANGE_INTERVAL_MS, TTL_CHANGED_RECENTLY, updateTimeToLive } from '../../../local/dynamodb/ttl/timeToLiveOperations.js';
import { StateFileError } from '../../../local/stateFile.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempFile(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ttl-registry-'));
  dirs.push(dir);
  return path.join(dir, 'dynamodb-ttl.json');
}

describe('TimeToLiveRegistry', () => {
  it('keeps the tables’ TTL settings across a reopen, and forgets a disabled one', async () => {
    const file = await tempFile();
    let now = Date.UTC(2026, 11, 8);
    const first = await TimeToLiveRegistry.open(file, () => now);
    await updateTimeToLive(first, { TableName: 'Sessions', TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true } });
    await updateTimeToLive(first, { TableName: 'Tasks', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } });
    now += TTL_CHANGE_INTERVAL_MS;
    await updateTimeToLive(first, { TableName: 'Tasks', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: false } });

    const second = await TimeToLiveRegistry.open(file, () => now);
    expect(second.entries()).toEqual([['Sessions', 'expires_at']]);
    expect(describeTimeToLive(second, { TableName: 'Sessions' }).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
    expect(describeTimeToLive(second, { TableName: 'Tasks' }).TimeToLiveDescription).toEqual({ TimeToLiveStatus: 'DISABLED' });
    // When each table last changed is kept too: the hour DynamoDB waits between changes survives a restart.
    const tooSoon = updateTimeToLive(second, { TableName: 'Tasks', TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } });
    await expect(tooSoon).rejects.toMatchObject({ name: 'ValidationException', message: TTL_CHANGED_RECENTLY });
  });

  it('refuses a second change within the hour, as DynamoDB does, and takes it an hour after the last', async () => {
    let now = Date.UTC(2026, 11, 8);
    const registry = await TimeToLiveRegistry.open(undefined, () => now);
    const change = (Enabled: boolean) => updateTimeToLive(registry, { TableName: 'T', TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled } });
    await change(true);
    now += TTL_CHANGE_INTERVAL_MS - 1;
    await expect(change(false)).rejects.toMatchObject({ name: 'ValidationException', type: 'com.amazon.coral.validate#ValidationException', message: TTL_CHANGED_RECENTLY });
    // A request that would change nothing says so, whenever it comes.
    await expect(change(true)).rejects.toThrow('TimeToLive is already enabled');
    now += 1;
    await expect(change(false)).resolves.toMatchObject({ TimeToLiveSpecification: { Enabled: false } });
    await expect(change(true)).rejects.toThrow(TTL_CHANGED_RECENTLY);
    // A deleted table takes its history with it: the table made again under its name starts afresh.
    await registry.forget('T');
    await expect(change(true)).resolves.toMatchObject({ TimeToLiveSpecification: { Enabled: true } });
  });

  it('refuses a damaged file with its path and what to do', async () => {
    const file = await tempFile();
    await writeFile(file, '{"tables":');
    await expect(TimeToLiveRegistry.open(file)).rejects.toBeInstanceOf(StateFileError);
  });

  it('answers a malformed UpdateTimeToLive with ValidationException', async () => {
    const registry = await TimeToLiveRegistry.open();
    const missingSpec = updateTimeToLive(registry, { TableName: 'T' } as never);
    await expect(missingSpec).rejects.toMatchObject({ name: 'ValidationException', type: 'com.amazon.coral.validate#ValidationException' });
    const emptyName = updateTimeToLive(registry, { TableName: 'T', TimeToLiveSpecification: { AttributeName: '', Enabled: true } });
    await expect(emptyName).rejects.toThrow('between 1 and 255 characters');
  });
});
