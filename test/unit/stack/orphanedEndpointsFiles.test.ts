import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeralEndpointsName, removeOrphanedEndpointsFiles } from '../../../local/stack/endpointsFile.js';

describe('removeOrphanedEndpointsFiles', () => {
  const dirs: string[] = [];
  afterEach(() => Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true }))));

  it("removes the files of ephemeral stacks whose process is gone, and no other file", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'endpoints-'));
    dirs.push(dir);
    // A process that ran and ended: its pid is free (the file of a stack killed with -9).
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    for (const name of [ephemeralEndpointsName(Number(gone)), ephemeralEndpointsName(process.pid), 'endpoints.json', 'secrets.json']) await writeFile(path.join(dir, name), '{}');
    expect(await removeOrphanedEndpointsFiles(dir)).toEqual([path.join(dir, ephemeralEndpointsName(Number(gone)))]);
    expect((await readdir(dir)).sort()).toEqual([ephemeralEndpointsName(process.pid), 'endpoints.json', 'secrets.json'].sort());
  });
});
