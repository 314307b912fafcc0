import type { FilterRule } from '@aws-sdk/client-s3';
import type { StoreChange } from '../store/S3Store.js';
import { eventName } from './s3EventRecord.js';

/** Whether a configuration's `Events` (`s3:ObjectCreated:*`, `s3:ObjectCreated:Put`…) name this change. */
export function eventMatches(events: readonly string[] | undefined, change: StoreChange): boolean {
  const name = `s3:${eventName(change)}`;
  return (events ?? []).some((event) => event === name || (event.endsWith(':*') && name.startsWith(event.slice(0, -1))));
}

/** Whether the key passes the configuration's prefix and suffix rules (on the key as stored, not encoded). */
export function keyMatches(rules: FilterRule[] | undefined, key: string): boolean {
  return (rules ?? []).every((rule) => {
    const name = rule.Name?.toLowerCase();
    if (name === 'prefix') return key.startsWith(rule.Value ?? '');
    if (name === 'suffix') return key.endsWith(rule.Value ?? '');
    return true;
  });
}

export function changedKey(change: StoreChange): string {
  return change.kind === 'ObjectCreated' ? change.object.key : change.key;
}
