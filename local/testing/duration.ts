import { parseDuration } from '../clock/parseDuration.js';
import { TestingError } from './errors.js';

/** A length of time: milliseconds as a number, or text such as `'30s'`, `'6m'`, `'1d'`, `'1h30m'`, `'250ms'`. */
export type Duration = string | number;

/** Milliseconds of a duration; throws a TestingError on text it cannot read. */
export function durationMs(duration: Duration): number {
  try {
    return parseDuration(duration);
  } catch (error) {
    throw new TestingError((error as Error).message);
  }
}
