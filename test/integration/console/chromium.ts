/**
 * Debian's Chromium for the console's browser tests (nothing is downloaded at run time). Outside CI a
 * machine without it skips those tests, saying so loudly; in CI (`CI=true`) its absence fails them.
 */
import { existsSync } from 'node:fs';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Why the browser tests cannot run here, or undefined when they can. */
export function chromiumMissing(): string | undefined {
  if (existsSync(CHROMIUM_PATH)) return undefined;
  const reason = `Chromium not found at ${CHROMIUM_PATH}: install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH)`;
  if (process.env.CI === 'true') throw new Error(`${reason}. CI must run the console's browser tests.`);
  process.stderr.write(`\n!!! SKIPPING the console's browser tests: ${reason}.\n\n`);
  return reason;
}
