/**
 * Evaluates the IAM policy a Lambda authorizer returns against a method ARN, as API Gateway does:
 * only `execute-api:Invoke` matters, `Resource` and `Action` patterns take `*` (any run of
 * characters, `/` included) and `?` (one character), an explicit `Deny` wins over any `Allow`,
 * and no matching `Allow` means denied. Pure: no I/O, no clock.
 */

export type PolicyDecision = 'Allow' | 'Deny' | 'ImplicitDeny';

/** A policy compiled once (when an authorizer answers) and evaluated against many method ARNs. */
export interface CompiledPolicy {
  evaluate(methodArn: string): PolicyDecision;
}

interface CompiledStatement {
  allow: boolean;
  actions: WildcardMatcher[];
  notActions?: WildcardMatcher[];
  resources: WildcardMatcher[];
  notResources?: WildcardMatcher[];
}

type WildcardMatcher = (value: string) => boolean;

const INVOKE_ACTION = 'execute-api:invoke';

/** Thrown for a policy document API Gateway would reject (→ 500 from the gateway). */
export class MalformedPolicyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedPolicyError';
  }
}

const matcherCache = new Map<string, WildcardMatcher>();
const MATCHER_CACHE_LIMIT = 4096;

/** Turns an IAM wildcard pattern into a matcher; compiled matchers are memoised. */
export function compileWildcard(pattern: string, caseInsensitive = false): WildcardMatcher {
  const key = (caseInsensitive ? 'i:' : 's:') + pattern;
  const cached = matcherCache.get(key);
  if (cached) return cached;
  let matcher: WildcardMatcher;
  if (pattern === '*') {
    matcher = () => true;
  } else if (!pattern.includes('*') && !pattern.includes('?')) {
    const literal = caseInsensitive ? pattern.toLowerCase() : pattern;
    matcher = caseInsensitive ? (v) => v.toLowerCase() === literal : (v) => v === literal;
  } else {
    const source = pattern
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\/-]/g, '\\$&')))
      .join('');
    const regex = new RegExp(`^${source}$`, caseInsensitive ? 'is' : 's');
    matcher = (v) => regex.test(v);
  }
  if (matcherCache.size >= MATCHER_CACHE_LIMIT) matcherCache.clear();
  matcherCache.set(key, matcher);
  return matcher;
}

function asStringList(value: unknown, field: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  throw new MalformedPolicyError(`${field} must be a string or a list of strings`);
}

/**
 * Compiles an authorizer's `policyDocument`.
 * @throws MalformedPolicyError when the document is not a valid IAM policy.
 * @example
 * const policy = compilePolicy({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'execute-api:Invoke', Resource: 'arn:aws:execute-api:*' }] });
 * policy.evaluate('arn:aws:execute-api:us-east-1:000000000000:abc/prod/GET/chat'); // 'Allow'
 */
export function compilePolicy(document: unknown): CompiledPolicy {
  if (typeof document !== 'object' || document === null) throw new MalformedPolicyError('policyDocument must be an object');
  const rawStatements = (document as { Statement?: unknown }).Statement;
  const list = Array.isArray(rawStatements) ? rawStatements : rawStatements !== undefined ? [rawStatements] : undefined;
  if (!list) throw new MalformedPolicyError('policyDocument.Statement is required');
  const statements: CompiledStatement[] = list.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null) throw new MalformedPolicyError(`Statement[${index}] must be an object`);
    const s = raw as Record<string, unknown>;
    if (s.Effect !== 'Allow' && s.Effect !== 'Deny') throw new MalformedPolicyError(`Statement[${index}].Effect must be Allow or Deny`);
    if (s.Action === undefined && s.NotAction === undefined) throw new MalformedPolicyError(`Statement[${index}] needs Action`);
    if (s.Resource === undefined && s.NotResource === undefined) throw new MalformedPolicyError(`Statement[${index}] needs Resource`);
    const compiled: CompiledStatement = {
      allow: s.Effect === 'Allow',
      actions: s.Action === undefined ? [] : asStringList(s.Action, 'Action').map((a) => compileWildcard(a, true)),
      resources: s.Resource === undefined ? [] : asStringList(s.Resource, 'Resource').map((r) => compileWildcard(r)),
    };
    if (s.NotAction !== undefined) compiled.notActions = asStringList(s.NotAction, 'NotAction').map((a) => compileWildcard(a, true));
    if (s.NotResource !== undefined) compiled.notResources = asStringList(s.NotResource, 'NotResource').map((r) => compileWildcard(r));
    return compiled;
  });
  return {
    evaluate(methodArn: string): PolicyDecision {
      let allowed = false;
      for (const statement of statements) {
        if (!statementApplies(statement, methodArn)) continue;
        if (!statement.allow) return 'Deny';
        allowed = true;
      }
      return allowed ? 'Allow' : 'ImplicitDeny';
    },
  };
}

function statementApplies(statement: CompiledStatement, methodArn: string): boolean {
  const actionMatches = statement.notActions
    ? !statement.notActions.some((m) => m(INVOKE_ACTION))
    : statement.actions.some((m) => m(INVOKE_ACTION));
  if (!actionMatches) return false;
  return statement.notResources
    ? !statement.notResources.some((m) => m(methodArn))
    : statement.resources.some((m) => m(methodArn));
}

/** One-shot evaluation (compiles, then evaluates). */
export function evaluatePolicy(document: unknown, methodArn: string): PolicyDecision {
  return compilePolicy(document).evaluate(methodArn);
}
