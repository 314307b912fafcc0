/**
 * Per-user API keys for the local stack (`ApiKeySourceType: AUTHORIZER`): the kit mints one key per
 * user it signs a dev token for and puts it in the token's usage-key claim; the authorizer hands it
 * back as `usageIdentifierKey`, and the gateway accepts it as a key of the usage plan.
 *
 * A minted key names its user and carries an HMAC of the user with the local token secret, so the
 * gateway recognises every key the kit ever minted — after a restart too — without a key table, and
 * refuses any other value (403, as API Gateway answers a key it does not hold). On AWS the keys are
 * created at sign-up instead (docs/per-user-limits.md).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '../gateway/apiKeyStore.js';

const PREFIX = 'lk1.';
const MAC_LENGTH = 32;

function mac(secret: string, user: string): string {
  return createHmac('sha256', secret).update(`usage-key\n${user}`).digest('base64url').slice(0, MAC_LENGTH);
}

/**
 * The local API key value of `user` (stable for one secret; at least 20 characters, as API Gateway requires).
 * @example
 * mintUsageKey(secret, 'alice') // 'lk1.YWxpY2U.…'
 */
export function mintUsageKey(secret: string, user: string): string {
  return `${PREFIX}${Buffer.from(user).toString('base64url')}.${mac(secret, user)}`;
}

/** The key a minted value stands for (its id derived from the value, its name the user), or undefined for any other value. */
export function resolveUsageKey(secret: string, value: string): ApiKey | undefined {
  if (!value.startsWith(PREFIX)) return undefined;
  const [encodedUser, given] = value.slice(PREFIX.length).split('.');
  if (!encodedUser || !given || given.length !== MAC_LENGTH) return undefined;
  const user = Buffer.from(encodedUser, 'base64url').toString();
  const expected = mac(secret, user);
  if (!timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return undefined;
  // API Gateway key ids are 10 lower-case alphanumerics.
  const id = createHmac('sha256', 'key-id').update(value).digest('hex').slice(0, 10);
  return { id, value, name: user };
}
