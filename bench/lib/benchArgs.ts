/**
 * Command-line options of the bench scripts. Lenient on purpose: `bench/run.ts` hands every script
 * the same options, so an option one script does not know is ignored, not an error. Values may be
 * given as `--seconds 3` or `--seconds=3` (non-strict `parseArgs` alone takes `--seconds 3` for a
 * flag and a positional `3`, which silently dropped the value).
 */
import { parseArgs } from 'node:util';

const { tokens } = parseArgs({ strict: false, allowPositionals: true, tokens: true });

/** Each option's value: its inline value, else the token after it unless that is an option, else `true`. */
const values = new Map<string, string | true>();
for (const [index, token] of tokens.entries()) {
  if (token.kind !== 'option') continue;
  const next = tokens[index + 1];
  values.set(token.name, token.value ?? (next?.kind === 'positional' ? next.value : true));
}

/** `--name <number>`, or `fallback` when absent or not a number. */
export function numberOption(name: string, fallback: number): number {
  const value = values.get(name);
  return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : fallback;
}

/** `--name` given (with no value). */
export function flagOption(name: string): boolean {
  return values.get(name) === true;
}

/** `--name <text>`, or undefined when absent or given without a value. */
export function stringOption(name: string): string | undefined {
  const value = values.get(name);
  return typeof value === 'string' ? value : undefined;
}
