/**
 * `--parameter-overrides`, as SAM CLI takes it: `Key=Value` pairs or
 * `ParameterKey=Key,ParameterValue=Value`, several in one quoted argument or as several words after
 * one flag (`--parameter-overrides A=1 B=2`, as `sam deploy` accepts), values optionally quoted
 * (`Greeting="hello world"`). Every command that reads the template takes it, and reads
 * `GENAI_KIT_PARAMETER_OVERRIDES` when the flag is absent.
 */

/** The `parseArgs` option every command that reads the template declares. */
export const PARAMETER_OVERRIDES_OPTION = { 'parameter-overrides': { type: 'string', multiple: true } } as const;

const FLAG = '--parameter-overrides';

/** A pair's start: where a new pair begins inside one argument (parameter names are alphanumeric). */
const PAIR_START = /^(?:ParameterKey=[A-Za-z0-9]+,ParameterValue=|[A-Za-z0-9]+=)/;
const LONG_FORM = /^ParameterKey=([A-Za-z0-9]+),ParameterValue=([\s\S]*)$/;
const SHORT_FORM = /^([A-Za-z0-9]+)=([\s\S]*)$/;

/**
 * Lets one flag take several words, as `sam deploy` does: each `Key=Value` word after
 * `--parameter-overrides` (or `--parameter-overrides=…`) becomes its own flag value, so a word the
 * shell kept whole (`'Greeting=hello world'`) stays one pair. A word without `=` is left to the command.
 *
 * @example
 * joinOverridePairs(['--parameter-overrides', 'A=1', 'B=2', 'Fn']); // ['--parameter-overrides', 'A=1', '--parameter-overrides', 'B=2', 'Fn']
 */
export function joinOverridePairs(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const inline = arg.startsWith(`${FLAG}=`) ? arg.slice(FLAG.length + 1) : undefined;
    if (arg !== FLAG && inline === undefined) {
      joined.push(arg);
      continue;
    }
    const words = inline === undefined ? [] : [inline];
    while (i + 1 < args.length && !args[i + 1].startsWith('--') && (words.length === 0 || args[i + 1].includes('='))) words.push(args[++i]);
    if (words.length === 0) joined.push(FLAG);
    for (const word of words) joined.push(FLAG, word);
  }
  return joined;
}

/** The overrides of a command's parsed flags, or of `GENAI_KIT_PARAMETER_OVERRIDES` when the flag is absent. */
export function overridesFrom(values: { 'parameter-overrides'?: string[] }, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return parseOverrides(values['parameter-overrides'] ?? [env.GENAI_KIT_PARAMETER_OVERRIDES ?? '']);
}

/**
 * Parses the flag's values into parameter values. A later pair for the same key wins, as in SAM.
 *
 * @example
 * parseOverrides(['A=1 ParameterKey=B,ParameterValue="two words"']); // { A: '1', B: 'two words' }
 */
export function parseOverrides(args: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of args.flatMap(splitPairs)) {
    const [, key, value] = LONG_FORM.exec(pair) ?? SHORT_FORM.exec(pair) ?? [];
    if (key === undefined || value === undefined) throw new Error(`--parameter-overrides expects Key=Value or ParameterKey=Key,ParameterValue=Value, got '${pair}'`);
    overrides[key] = unquote(value);
  }
  return overrides;
}

/** `Key=Value` words for a command line (`sam build --parameter-overrides …`), values with spaces or quotes quoted as SAM reads them. */
export function formatOverrides(overrides: Record<string, string>): string[] {
  return Object.entries(overrides).map(([key, value]) => (/[\s"'\\]/.test(value) || value === '' ? `${key}="${value.replace(/["\\]/g, '\\$&')}"` : `${key}=${value}`));
}

/** Splits one argument at the whitespace (outside quotes) that comes before the start of another pair. */
function splitPairs(arg: string): string[] {
  const pairs: string[] = [];
  let start = 0;
  let quote: string | undefined;
  for (let i = 0; i < arg.length; i++) {
    const char = arg[i];
    if (char === '\\') i++;
    else if (quote) quote = char === quote ? undefined : quote;
    else if (char === '"' || char === "'") quote = char;
    else if (/\s/.test(char) && (PAIR_START.test(arg.slice(i).trimStart()) || arg.slice(i).trim() === '')) {
      pairs.push(arg.slice(start, i));
      while (i + 1 < arg.length && /\s/.test(arg[i + 1])) i++;
      start = i + 1;
    }
  }
  pairs.push(arg.slice(start));
  return pairs.map((pair) => pair.trim()).filter(Boolean);
}

/** A value wrapped in double or single quotes, unwrapped (backslash escapes inside undone). */
function unquote(value: string): string {
  const wrapped = /^"([\s\S]*)"$/.exec(value) ?? /^'([\s\S]*)'$/.exec(value);
  return wrapped ? wrapped[1].replace(/\\(.)/g, '$1') : value;
}
