/** `--parameter-overrides`, as `sam deploy` takes it: `K=V` pairs (several per argument, space separated) or `ParameterKey=K,ParameterValue=V`. */
export function parseOverrides(args: string[]): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const pair of args.flatMap((arg) => arg.split(/\s+/)).filter(Boolean)) {
    const [key, ...rest] = pair.replace(/^ParameterKey=([^,]+),ParameterValue=/, '$1=').split('=');
    if (!key || rest.length === 0) throw new Error(`--parameter-overrides expects Key=Value, got '${pair}'`);
    overrides[key] = rest.join('=');
  }
  return overrides;
}

/**
 * Lets `--parameter-overrides A=1 B=2` take several pairs after one flag, as `sam deploy` does:
 * the `Key=Value` words that follow the flag are joined into its one value.
 *
 * @example
 * joinOverridePairs(['--parameter-overrides', 'A=1', 'B=2', '--ephemeral']); // ['--parameter-overrides', 'A=1 B=2', '--ephemeral']
 */
export function joinOverridePairs(args: string[]): string[] {
  const joined: string[] = [];
  for (let i = 0; i < args.length; i++) {
    joined.push(args[i]);
    if (args[i] !== '--parameter-overrides') continue;
    const pairs: string[] = [];
    while (i + 1 < args.length && !args[i + 1].startsWith('--') && (pairs.length === 0 || args[i + 1].includes('='))) pairs.push(args[++i]);
    if (pairs.length) joined.push(pairs.join(' '));
  }
  return joined;
}
