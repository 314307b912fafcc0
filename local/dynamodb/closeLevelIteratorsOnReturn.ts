/**
 * dynalite 4 reads its tables through Node streams over abstract-level 3 iterators, and ends each
 * stream by calling the iterator's `return()`, which abstract-level 3 iterators do not have (they
 * have `close()`). So no iterator of a Query or Scan is ever closed: each stays attached to the
 * database, with its read-ahead cache, until the database closes (a soak at 20 req/s gained about
 * 60 a minute), and the database closing under them fails reads still running.
 *
 * Giving the iterator classes a `return()` that closes them lets dynalite's streams close what they
 * opened (on their end and when a Query stops at its `Limit`). Done once, before dynalite opens.
 */
import { createRequire } from 'node:module';

interface IteratorClass {
  prototype: { close(): Promise<void>; return?: () => Promise<void> };
}

let done = false;

export function closeLevelIteratorsOnReturn(): void {
  if (done) return;
  done = true;
  // The abstract-level that dynalite's level and memory-level extend, found from dynalite itself.
  const requireFromDynalite = createRequire(createRequire(import.meta.url).resolve('dynalite'));
  const abstractLevel = requireFromDynalite('abstract-level') as Record<'AbstractIterator' | 'AbstractKeyIterator' | 'AbstractValueIterator', IteratorClass>;
  for (const iteratorClass of [abstractLevel.AbstractIterator, abstractLevel.AbstractKeyIterator, abstractLevel.AbstractValueIterator]) {
    iteratorClass.prototype.return ??= function closeIterator(this: IteratorClass['prototype']) {
      return this.close();
    };
  }
}
