import type { ModelEntry } from './ModelCatalogue.js';

/** A model's state as Bedrock's `modelLifecycle.status` names it (`EOL` is what the docs call End-of-Life). */
export type LifecycleState = 'ACTIVE' | 'LEGACY' | 'EOL';

/** A model's lifecycle dates (`YYYY-MM-DD`, UTC) as AWS's lifecycle pages give them, and where they were read. */
export interface ModelLifecycleDates {
  legacy?: string;
  publicExtendedAccess?: string;
  endOfLife?: string;
  /** The active model AWS (or the source) recommends instead. */
  replacement?: string;
  /** A key of the catalogue's `sources`. */
  source?: string;
  note?: string;
}

/** The current day, injectable: the fake, `check` and `models` take it from `--as-of` or the clock. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** A clock fixed at a day (`2027-01-08`) or instant. */
export function fixedClock(asOf: string | Date): Clock {
  const at = typeof asOf === 'string' ? parseDay(asOf) : asOf;
  return () => at;
}

/** `2026-12-07` → that day at 00:00 UTC; anything else that `Date` parses is taken as it is; invalid → an Error. */
export function parseDay(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new Error(`not a date: "${value}" (expected YYYY-MM-DD)`);
  return date;
}

/**
 * The state of a model on a day: EOL from its end-of-life day on; LEGACY from its legacy day, or
 * as soon as an end-of-life day is announced (AWS marks a model Legacy when it sends the EOL notice);
 * ACTIVE otherwise.
 *
 * @example
 * lifecycleState({ lifecycle: { endOfLife: '2026-04-28' } }, new Date('2026-12-07')) // 'EOL'
 */
export function lifecycleState(model: Pick<ModelEntry, 'lifecycle'>, at: Date): LifecycleState {
  const dates = model.lifecycle;
  if (!dates) return 'ACTIVE';
  if (dates.endOfLife && at.getTime() >= parseDay(dates.endOfLife).getTime()) return 'EOL';
  if (dates.legacy && at.getTime() >= parseDay(dates.legacy).getTime()) return 'LEGACY';
  if (dates.endOfLife && !dates.legacy) return 'LEGACY';
  return 'ACTIVE';
}
