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
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { ApiKey } from '../gateway/apiKeyStore.js';

/**
 * API key values are alphanumeric, 20 to 128 characters (API Gateway developer guide, "Usage plans and
 * API keys for REST APIs", read 2026-12-07): `lk` + the hex of the user (or of a digest of a long
 * user id) + `z` + a hex HMAC.
 */
const PREFIX = 'lk';
const SEPARATOR = 'z';
const MAC_HEX_LENGTH = 32;
/** Longest user id carried as it is (2 + 2 × 46 + 1 + 32 = 127 characters). */
const MAX_USER_BYTES = 46;

function mac(secret: string, identity: string): string {
  return createHmac('sha256', secret).update(`usage-key\n${identity}`).digest('hex').slice(0, MAC_HEX_LENGTH);
}

/** What a key carries for `user`: the user, or a digest of a user id too long for a key. */
function identityOf(user: string): string {
  return Buffer.byteLength(user) <= MAX_USER_BYTES ? user : `#${createHash('sha256').update(user).digest('hex').slice(0, 40)}`;
}

/**
 * The local API key value of `user` (stable for one secret).
 * @example
 * mintUsageKey(secret, 'alice') // 'lk616c696365z…'
 */
export function mintUsageKey(secret: string, user: string): string {
  const identity = identityOf(user);
  return `${PREFIX}${Buffer.from(identity).toString('hex')}${SEPARATOR}${mac(secret, identity)}`;
}

/** The key a minted value stands for (its id derived from the value, its name the user), or undefined for any other value. */
export function resolveUsageKey(secret: string, value: string): ApiKey | undefined {
  const match = /^lk((?:[0-9a-f]{2})+)z([0-9a-f]{32})$/.exec(value);
  if (!match) return undefined;
  const identity = Buffer.from(match[1], 'hex').toString();
  if (!timingSafeEqual(Buffer.from(match[2]), Buffer.from(mac(secret, identity)))) return undefined;
  // API Gateway key ids are 10 lower-case alphanumerics.
  const id = createHash('sha256').update(value).digest('hex').slice(0, 10);
  return { id, value, name: identity };
}
