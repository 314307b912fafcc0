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
