/**
 * Model patterns are Java regular expressions, matched against the whole value (Coral validates
 * with `Matcher.matches()`). Each is compiled as `^(?:pattern)$` with the `u` flag (so `\p{…}`
 * works); Java escapes that JavaScript's `u` mode refuses (`\'`, `\!`, `\_` …: an escaped
 * character that needs no escaping) are unescaped first. A pattern that still does not compile
 * is skipped and reported (`uncompilable`), never guessed at.
 */
export type CompiledPattern = { ok: true; regex: RegExp; translated: boolean } | { ok: false; reason: string };

/** Characters that must stay escaped in a `u`-mode expression. */
const SYNTAX_CHARACTERS = new Set('^$\\.*+?()[]{}|/-'.split(''));

export function compilePattern(pattern: string): CompiledPattern {
  const direct = tryCompile(pattern);
  if (direct) return { ok: true, regex: direct, translated: false };
  const unescaped = pattern.replace(/\\(.)/gu, (whole, char: string) => (/[A-Za-z0-9]/.test(char) || SYNTAX_CHARACTERS.has(char) ? whole : char));
  const translated = tryCompile(unescaped);
  if (translated) return { ok: true, regex: translated, translated: true };
  try {
    new RegExp(pattern, 'u');
    return { ok: false, reason: 'unknown' };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

function tryCompile(source: string): RegExp | undefined {
  try {
    return new RegExp(`^(?:${source})$`, 'u');
  } catch {
    return undefined;
  }
}
