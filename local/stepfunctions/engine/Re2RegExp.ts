import { RE2JS } from 're2js';

/**
 * The part of `RegExp` JSONata uses (`exec` from `lastIndex`), on RE2JS: matching time is linear
 * in the input, so a regex in a state machine's JSONata (`$match($x, /(a+)+$/)`) cannot freeze the
 * process as Node's backtracking engine does. RE2 syntax has no backreferences or look-around: such a
 * pattern fails its evaluation (`States.QueryEvaluationError`) with RE2's reason.
 */
export class Re2RegExp {
  lastIndex = 0;
  private readonly compiled: RE2JS;

  constructor(source: RegExp | string) {
    const regex = typeof source === 'string' ? new RegExp(source) : source;
    let flags = 0;
    if (regex.flags.includes('i')) flags |= RE2JS.CASE_INSENSITIVE;
    if (regex.flags.includes('m')) flags |= RE2JS.MULTILINE;
    if (regex.flags.includes('s')) flags |= RE2JS.DOTALL;
    this.compiled = RE2JS.compile(RE2JS.translateRegExp(regex.source), flags);
  }

  exec(text: string): RegExpExecArray | null {
    const matcher = this.compiled.matcher(text);
    if (this.lastIndex > text.length || !matcher.find(this.lastIndex)) {
      this.lastIndex = 0;
      return null;
    }
    const groups: (string | undefined)[] = [];
    for (let group = 0; group <= matcher.groupCount(); group++) groups.push(matcher.group(group) ?? undefined);
    this.lastIndex = matcher.end();
    return Object.assign(groups, { index: matcher.start(), input: text }) as unknown as RegExpExecArray;
  }
}
