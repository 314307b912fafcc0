/**
 * Workflow variables (`Assign`). The machine has one scope; each Parallel branch and Map
 * iteration gets a child scope that reads its parents' variables, and whose own assignments
 * stay inside it, as on AWS.
 */
import type { Json } from './json.js';

export class VariableScope {
  private readonly values = new Map<string, Json>();

  constructor(private readonly parent?: VariableScope) {}

  /** Looks a variable up here, then in the enclosing scopes. */
  get(name: string): { found: boolean; value: Json } {
    if (this.values.has(name)) return { found: true, value: this.values.get(name) as Json };
    return this.parent ? this.parent.get(name) : { found: false, value: null };
  }

  /** All variables visible from this scope, innermost winning (for JSONata bindings). */
  visible(): Record<string, Json> {
    const outer = this.parent ? this.parent.visible() : {};
    return { ...outer, ...Object.fromEntries(this.values) };
  }

  /** Sets several variables at once (after all of them were evaluated against the old values). */
  assign(values: Record<string, Json>): void {
    for (const [name, value] of Object.entries(values)) this.values.set(name, value);
  }

  child(): VariableScope {
    return new VariableScope(this);
  }
}
