/**
 * Masks what must not appear on the console page: authorization headers, API keys, tokens,
 * passwords, secrets, cookies and session credentials, by the name of the field that holds them,
 * and bearer tokens and JWTs wherever they appear in text.
 */

export const MASK = '••••••';

/** Field names whose values are secrets (headers, query parameters, environment variables, JSON bodies). */
const SECRET_NAME = /authorization|api[-_]?key|identifier[-_]?key|token|secret|password|passwd|cookie|credential|session[-_]?id|private[-_]?key/i;
/** Parts of free text that carry a credential on their own. */
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g;
/** `tokenCount`, `inputTokens`, `maxTokens`: counts, not secrets. */
const COUNT_NAME = /tokens?$|tokens?count|token[-_]?usage/i;
const COUNT_PREFIX = /^(input|output|total|max|cache\w*|reasoning|prompt|completion)/i;

/** Field names repeat from event to event: each is judged once (bounded, as names can come from callers). */
const judged = new Map<string, boolean>();
const JUDGED_NAMES_KEPT = 10_000;

/** True when a field of this name holds a secret. */
export function isSecretName(name: string): boolean {
  let secret = judged.get(name);
  if (secret === undefined) {
    secret = SECRET_NAME.test(name) && !(COUNT_NAME.test(name) && COUNT_PREFIX.test(name)) && !/^(stop|next|pagination)[-_]?token$/i.test(name);
    if (judged.size >= JUDGED_NAMES_KEPT) judged.clear();
    judged.set(name, secret);
  }
  return secret;
}

/** A copy of `value` with secrets masked; JSON text inside strings (an API Gateway `body`) is masked too. */
export function maskSecrets(value: unknown): unknown {
  if (typeof value === 'string') return maskText(value);
  if (Array.isArray(value)) return value.map(maskSecrets);
  if (value === null || typeof value !== 'object') return value;
  const masked: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    masked[name] = isSecretName(name) && field !== null && field !== undefined && typeof field !== 'number' && typeof field !== 'boolean' ? maskValue(field) : maskSecrets(field);
  }
  return masked;
}

function maskValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(() => MASK);
  if (typeof value === 'object' && value !== null) return maskSecrets(value);
  return MASK;
}

/** `text` with bearer tokens and JWTs masked, and secrets in it masked when it is JSON. */
export function maskText(text: string): string {
  const first = text.charCodeAt(0) === 32 || text.charCodeAt(0) === 10 ? text.trimStart()[0] : text[0];
  if ((first === '{' || first === '[') && text.length < 1_000_000) {
    try {
      return JSON.stringify(maskSecrets(JSON.parse(text) as unknown));
    } catch {
      // Not JSON after all: mask it as text.
    }
  }
  // Most strings hold neither: look before running the expressions.
  if (!text.includes('Bearer') && !text.includes('Basic') && !text.includes('eyJ')) return text;
  return text.replace(BEARER, `$1 ${MASK}`).replace(JWT, MASK);
}
