/**
 * EventBridge event patterns ("Content filtering in Amazon EventBridge event patterns", read
 * 2026-12-07): every field of the pattern must match; a field's array matches when any of its
 * entries matches the event's value (or any element of an array value). Entries: a literal,
 * `prefix`, `suffix`, `anything-but` (values or a prefix), `exists`, `equals-ignore-case`,
 * `wildcard`, `numeric` comparisons.
 */
type Pattern = Record<string, unknown>;

function matchesEntry(entry: unknown, value: unknown, present: boolean): boolean {
  if (entry === null || typeof entry !== 'object') return present && value === entry;
  const rule = entry as Record<string, unknown>;
  if ('exists' in rule) return rule.exists === present;
  if (!present) return false;
  if (typeof rule.prefix === 'string') return typeof value === 'string' && value.startsWith(rule.prefix);
  if (typeof rule.suffix === 'string') return typeof value === 'string' && value.endsWith(rule.suffix);
  if (typeof rule['equals-ignore-case'] === 'string') return typeof value === 'string' && value.toLowerCase() === rule['equals-ignore-case'].toLowerCase();
  if (typeof rule.wildcard === 'string') {
    const regex = new RegExp(`^${rule.wildcard.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
    return typeof value === 'string' && regex.test(value);
  }
  if ('anything-but' in rule) {
    const but = rule['anything-but'];
    if (but !== null && typeof but === 'object' && !Array.isArray(but)) return !matchesEntry(but, value, present);
    return !(Array.isArray(but) ? but : [but]).includes(value);
  }
  if (Array.isArray(rule.numeric) && typeof value === 'number') {
    const comparisons = rule.numeric as unknown[];
    for (let i = 0; i + 1 < comparisons.length; i += 2) {
      const [op, bound] = [comparisons[i], Number(comparisons[i + 1])];
      const ok = op === '>' ? value > bound : op === '>=' ? value >= bound : op === '<' ? value < bound : op === '<=' ? value <= bound : op === '=' ? value === bound : false;
      if (!ok) return false;
    }
    return true;
  }
  return false;
}

/** Whether `event` matches `pattern`. */
export function matchesEventPattern(pattern: Pattern, event: Record<string, unknown>): boolean {
  return Object.entries(pattern).every(([field, expected]) => {
    const present = Object.hasOwn(event, field);
    const value = event[field];
    if (expected !== null && typeof expected === 'object' && !Array.isArray(expected)) {
      return present && value !== null && typeof value === 'object' && !Array.isArray(value) && matchesEventPattern(expected as Pattern, value as Record<string, unknown>);
    }
    const entries = Array.isArray(expected) ? expected : [expected];
    const values = Array.isArray(value) ? value : [value];
    return entries.some((entry) => values.some((v) => matchesEntry(entry, v, present)));
  });
}
