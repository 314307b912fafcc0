/**
 * The local API keys, looked up by value: the `x-api-key` header (`ApiKeySourceType: HEADER`) or the
 * authorizer's `usageIdentifierKey` (`AUTHORIZER`). Besides the fixed keys, a resolver may recognise
 * keys minted elsewhere (the stack's per-user keys, `local/auth/usageKeys.ts`).
 */

export interface ApiKey {
  id: string;
  value: string;
  name?: string;
}

/** Recognises a key value the store was not given up front, or answers undefined. */
export type ApiKeyResolver = (value: string) => ApiKey | undefined;

/** Keys resolved once are kept; beyond this many the oldest go (they resolve again when used). */
const RESOLVED_LIMIT = 10_000;

export class ApiKeyStore {
  readonly #byValue = new Map<string, ApiKey>();
  readonly #resolved = new Map<string, ApiKey>();
  readonly #resolve: ApiKeyResolver | undefined;

  constructor(keys: ApiKey[], resolve?: ApiKeyResolver) {
    for (const key of keys) this.#byValue.set(key.value, key);
    this.#resolve = resolve;
  }

  /** The key whose value was presented, or undefined for a missing or unknown one. */
  find(value: string | undefined): ApiKey | undefined {
    if (value === undefined) return undefined;
    const known = this.#byValue.get(value) ?? this.#resolved.get(value);
    if (known || !this.#resolve) return known;
    const resolved = this.#resolve(value);
    if (resolved) {
      if (this.#resolved.size >= RESOLVED_LIMIT) this.#resolved.delete(this.#resolved.keys().next().value as string);
      this.#resolved.set(value, resolved);
    }
    return resolved;
  }
}
