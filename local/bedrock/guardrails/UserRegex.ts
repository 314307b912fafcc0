import { RE2JS } from 're2js';

/**
 * A regular expression from a guardrail definition (`RegexesConfig[].Pattern`), compiled with
 * RE2JS: a pure-JavaScript port of RE2 whose matching time is linear in the input, so a pattern
 * such as `(a+)+$` cannot freeze the server (Node's own engine backtracks exponentially on it).
 * RE2 syntax has no backreferences or look-around; a pattern using them is refused when the
 * guardrails are loaded, with the reason.
 */
export class UserRegex {
  private readonly compiled: RE2JS;

  constructor(
    readonly name: string,
    readonly pattern: string,
  ) {
    try {
      this.compiled = RE2JS.compile(pattern);
    } catch (error) {
      throw new Error(`guardrails: regex ${name} (${pattern}) is not valid RE2 syntax: ${(error as Error).message}`, { cause: error });
    }
  }

  /** Every non-overlapping match in `text`, in order. */
  matches(text: string): string[] {
    const found: string[] = [];
    const matcher = this.compiled.matcher(text);
    while (matcher.find()) {
      const match = matcher.group() ?? '';
      if (match === '') break;
      found.push(match);
    }
    return found;
  }
}
