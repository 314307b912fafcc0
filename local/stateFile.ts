/**
 * The kit's state files under `.local/` (secrets, endpoints, the SQS snapshot and journal, Step
 * Functions' records): written atomically (a temporary file in the same folder, synced, then renamed
 * over the old one, so a crash leaves the old or the new file, never half of one), and read strictly:
 * a file that exists but cannot be read is reported with its path and what to do, never replaced
 * silently.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';

/** A state file that exists but is damaged (truncated, not JSON, or not the expected shape). */
export class StateFileError extends Error {
  override readonly name = 'StateFileError';
  constructor(
    readonly file: string,
    reason: string,
    /** What the user can do about it. */
    readonly remedy: string,
    options?: ErrorOptions,
  ) {
    super(`${file} is damaged (${reason}). ${remedy}`, options);
  }
}

/** Writes a file atomically and durably. */
export async function writeStateFile(file: string, text: string, mode?: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const handle = await open(temporary, 'w', mode);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temporary, file);
}

/** Flushes a file just written (a temporary file, before it is renamed into place) to the disk. */
export async function syncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a file atomically and durably (synchronously). */
export function writeStateFileSync(file: string, text: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  const fd = openSync(temporary, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
}

/**
 * Reads a JSON state file: undefined when it does not exist; a {@link StateFileError} naming the file
 * and the remedy when it is not JSON or `isValid` refuses it.
 */
export async function readStateFile<T>(file: string, remedy: string, isValid: (value: unknown) => value is T = (value): value is T => value !== undefined): Promise<T | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return parseStateFile(file, text, remedy, isValid);
}

/** Parses a state file's text; see {@link readStateFile}. */
export function parseStateFile<T>(file: string, text: string, remedy: string, isValid: (value: unknown) => value is T = (value): value is T => value !== undefined): T {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new StateFileError(file, text.trim() ? `not valid JSON: ${(error as Error).message}` : 'empty', remedy, { cause: error });
  }
  if (!isValid(parsed)) throw new StateFileError(file, 'not the expected content', remedy);
  return parsed;
}
