/**
 * The local API keys, looked up by the `x-api-key` header value.
 */

export interface ApiKey {
  id: string;
  value: string;
  name?: string;
}

export class ApiKeyStore {
  readonly #byValue = new Map<string, ApiKey>();

  constructor(keys: ApiKey[]) {
    for (const key of keys) this.#byValue.set(key.value, key);
  }

  /** The key whose value was presented, or undefined for a missing or unknown one. */
  find(value: string | undefined): ApiKey | undefined {
    return value === undefined ? undefined : this.#byValue.get(value);
  }
}
