/**
 * Command-line options of the bench scripts. Lenient on purpose: `bench/run.ts` hands every script
 * the same options, so an option one script does not know is ignored, not an error.
 */
import { parseArgs } from 'node:util';

const { values } = parseArgs({ strict: false, allowPositionals: true });

/** `--name <number>`, or `fallback` when absent or not a number. */
export function numberOption(name: string, fallback: number): number {
  const value = Number(values[name]);
  return typeof values[name] === 'string' && Number.isFinite(value) ? value : fallback;
}

/** `--name` given (with no value). */
export function flagOption(name: string): boolean {
  return values[name] === true;
}
