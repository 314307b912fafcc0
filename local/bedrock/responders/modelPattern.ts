/** Whether a model id matches a pattern: exact, or with `*` wildcards (`anthropic.*haiku*`). */
export function matchesModel(pattern: string, modelId: string): boolean {
  if (!pattern.includes('*')) return pattern === modelId;
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(modelId);
}
