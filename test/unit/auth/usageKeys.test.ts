import { describe, expect, it } from 'vitest';
import { mintUsageKey, resolveUsageKey } from '../../../local/auth/usageKeys.js';
import { ApiKeyStore } from '../../../local/gateway/apiKeyStore.js';

const SECRET = 'local-secret-local-secret-local-secret-00';

describe('per-user local API keys', () => {
  it('mints a stable key per user that resolves to that user, with an API-Gateway-like id', () => {
    // Prepare / Act
    const alice = mintUsageKey(SECRET, 'alice');
    const key = resolveUsageKey(SECRET, alice);
    // Assess
    expect(mintUsageKey(SECRET, 'alice')).toBe(alice);
    expect(alice).toMatch(/^[A-Za-z0-9]{20,128}$/);
    expect(mintUsageKey(SECRET, 'u'.repeat(300))).toMatch(/^[A-Za-z0-9]{20,128}$/);
    expect(resolveUsageKey(SECRET, mintUsageKey(SECRET, 'u'.repeat(300)))).toBeDefined();
    expect(key).toMatchObject({ value: alice, name: 'alice' });
    expect(key?.id).toMatch(/^[0-9a-f]{10}$/);
    expect(resolveUsageKey(SECRET, mintUsageKey(SECRET, 'bob'))?.id).not.toBe(key?.id);
  });

  it('refuses values it did not mint: another secret, a changed user, garbage', () => {
    const alice = mintUsageKey(SECRET, 'alice');
    const forged = alice.replace(Buffer.from('alice').toString('hex'), Buffer.from('bob').toString('hex'));
    for (const value of [mintUsageKey('another-secret-another-secret-another-00', 'alice'), forged, 'lk', 'lk6z00', `${alice}0`, 'local-key-secret']) {
      expect(resolveUsageKey(SECRET, value), value).toBeUndefined();
    }
  });

  it('lets an ApiKeyStore accept minted keys besides its fixed ones', () => {
    const store = new ApiKeyStore([{ id: 'fixed', value: 'fixed-key-value-000000' }], (value) => resolveUsageKey(SECRET, value));
    expect(store.find('fixed-key-value-000000')?.id).toBe('fixed');
    expect(store.find(mintUsageKey(SECRET, 'carol'))?.name).toBe('carol');
    expect(store.find('unknown-key-value-00000')).toBeUndefined();
    expect(store.find(undefined)).toBeUndefined();
  });
});
