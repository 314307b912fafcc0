import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keepClockIn } from '../../../local/clock/savedClock.js';
import { StackClock } from '../../../local/clock/StackClock.js';
import { StateFileError } from '../../../local/stateFile.js';

describe('keepClockIn', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'saved-clock-'));
    file = path.join(dir, 'clock.json');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('starts a new clock at the lead the last run saved, and keeps saving it', async () => {
    const first = new StackClock();
    const kept = await keepClockIn(first, file);
    expect(kept.restoredMs).toBe(0);
    await first.advance('6h');
    kept.stop();
    first.close();

    const second = new StackClock();
    const again = await keepClockIn(second, file);
    expect(again.restoredMs).toBe(6 * 3_600_000);
    expect(second.offsetMs).toBe(6 * 3_600_000);
    await second.advance('1d');
    again.stop();
    second.close();
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ offsetMs: 30 * 3_600_000 });
  });

  it('reports a damaged file with its path and what to do, instead of starting at real time', async () => {
    await writeFile(file, '{"offsetMs": 36');
    const error = await keepClockIn(new StackClock(), file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StateFileError);
    expect((error as Error).message).toContain(file);
    expect((error as Error).message).toMatch(/Delete it: the stack clock starts again at real time/);
  });
});
