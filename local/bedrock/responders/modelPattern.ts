const compiled = new Map<string, RegExp>();

function wildcardRegex(pattern: string): RegExp {
  let regex = compiled.get(pattern);
  if (!regex) {
    regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    compiled.set(pattern, regex);
  }
  return regex;
}

/** Whether a model id matches a pattern: exact, or with `*` wildcards (`anthropic.*haiku*`). */
export function matchesModel(pattern: string, modelId: string): boolean {
  if (!pattern.includes('*')) return pattern === modelId;
  return wildcardRegex(pattern).test(modelId);
}
