/**
 * The stack clock's lead over real time, kept in the data folder (`.local/clock.json`) so that a
 * persistent stack restarts at the time its tests moved it to: the queues', executions' and tables'
 * saved times are on that clock. Deleting the file sets the clock back to real time at the next start.
 */
import { readStateFile, writeStateFile } from '../stateFile.js';
import type { StackClock } from './StackClock.js';

interface SavedClock {
  offsetMs: number;
}

const isSavedClock = (value: unknown): value is SavedClock => typeof (value as SavedClock)?.offsetMs === 'number' && (value as SavedClock).offsetMs >= 0;

/**
 * Moves a new clock to the lead saved in `file`, then saves the lead after every advance; returns the
 * lead restored (ms) and what stops the saving.
 */
export async function keepClockIn(clock: StackClock, file: string): Promise<{ restoredMs: number; stop: () => void }> {
  const saved = await readStateFile(file, 'Delete it: the stack clock starts again at real time.', isSavedClock);
  const restoredMs = Math.max(0, (saved?.offsetMs ?? 0) - clock.offsetMs);
  if (restoredMs > 0) await clock.advance(restoredMs);
  let saving = Promise.resolve();
  const stop = clock.onAdvance(() => {
    const text = JSON.stringify({ offsetMs: clock.offsetMs } satisfies SavedClock);
    saving = saving.then(() => writeStateFile(file, text));
    return saving;
  });
  return { restoredMs, stop };
}
