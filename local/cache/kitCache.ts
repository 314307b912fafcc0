/**
 * The kit's cache folder: results that depend only on their inputs' contents (function bundles,
 * validated state machine definitions), kept across runs — `--ephemeral` ones too — under a key
 * that hashes those contents, so a stale entry is never read, only left behind.
 *
 * Where: `GENAI_KIT_CACHE_DIR`, else `node_modules/.cache/genai-kit` of the current directory (the
 * convention of Babel, ESLint and Vite: `rm -rf node_modules` clears it), else
 * `$XDG_CACHE_HOME/genai-kit` (default `~/.cache/genai-kit`). `GENAI_KIT_CACHE=off` turns it off.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** The cache folder, or undefined when caching is turned off. */
export function kitCacheDir(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  if (env.GENAI_KIT_CACHE === 'off') return undefined;
  if (env.GENAI_KIT_CACHE_DIR) return env.GENAI_KIT_CACHE_DIR;
  const nodeModules = join(cwd, 'node_modules');
  if (existsSync(nodeModules)) return join(nodeModules, '.cache', 'genai-kit');
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'genai-kit');
}

/** A key for contents: the SHA-256 (hex) of the parts, each length-prefixed so parts never run together. */
export function contentKey(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(`${typeof part === 'string' ? Buffer.byteLength(part) : part.byteLength}:`).update(part);
  return hash.digest('hex');
}

/** Writes a file under a unique name, then renames it: another process never reads it half-written. */
export async function writeFileAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.${Date.now()}.${Math.random().toString(36).slice(2)}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}
