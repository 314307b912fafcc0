/**
 * Sort keys of the conversation table.
 *
 * One partition per conversation (`conversation_id`); inside it:
 * - `META`: the conversation's owner (`user_id`), created once with `attribute_not_exists`;
 * - `TURN#<ISO-8601 UTC with ms>#<random hex>`: one item per turn (user message + assistant reply).
 *
 * ISO-8601 timestamps of one fixed width sort lexicographically in time order, so a Query sorted by
 * `sk` is a time-ordered history. The random suffix keeps two turns written in the same millisecond
 * (two concurrent requests on one conversation) apart: both survive, neither overwrites the other.
 * (The seed's `<timestamp>_user` / `<timestamp>_assistant` keys both collided and sorted the assistant
 * message first, which Bedrock then refused.)
 */
import { randomBytes } from 'node:crypto';

export const META_SORT_KEY = 'META';
export const TURN_SORT_KEY_PREFIX = 'TURN#';

/** Bytes of randomness in a turn key's suffix (64 bits: collisions within one millisecond are not a concern). */
const SUFFIX_BYTES = 8;

/**
 * A new, unique turn sort key for a turn stored at `now`.
 *
 * @example
 * turnSortKey(new Date('2025-01-18T10:00:00.123Z')) // 'TURN#2025-01-18T10:00:00.123Z#9f2c0e7a41b3d5c6'
 */
export function turnSortKey(now: Date = new Date(), suffix: string = randomBytes(SUFFIX_BYTES).toString('hex')): string {
  return `${TURN_SORT_KEY_PREFIX}${now.toISOString()}#${suffix}`;
}

/** The time a turn sort key records, or `undefined` if `sortKey` is not a turn key. */
export function turnTime(sortKey: string): Date | undefined {
  if (!sortKey.startsWith(TURN_SORT_KEY_PREFIX)) return undefined;
  const iso = sortKey.slice(TURN_SORT_KEY_PREFIX.length).split('#')[0];
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? undefined : time;
}
