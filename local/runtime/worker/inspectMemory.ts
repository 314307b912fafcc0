/**
 * The environment's heap on request (the soak's measure, never asked during normal running): after a
 * full collection when asked, so that live objects are told from garbage the collector has not
 * reclaimed yet; optionally written as a heap snapshot to compare over time.
 */
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString, writeHeapSnapshot } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EnvironmentMemory } from '../workerProtocol.js';

/** V8's young generation: the semi-spaces and the young large objects. */
const YOUNG_SPACES = new Set(['new_space', 'new_large_object_space']);

let collectGarbage: (() => void) | undefined;

export function inspectMemory(collect: boolean, heapSnapshotFile: string | undefined): EnvironmentMemory {
  if (collect) fullCollection();
  const heap = getHeapStatistics();
  const young = getHeapSpaceStatistics().filter((space) => YOUNG_SPACES.has(space.space_name));
  if (heapSnapshotFile) writeHeapSnapshot(heapSnapshotFile);
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  return {
    heapUsedMb: mb(heap.used_heap_size),
    heapResidentMb: mb(heap.total_physical_size),
    youngResidentMb: mb(young.reduce((sum, space) => sum + space.physical_space_size, 0)),
    externalMb: mb(heap.external_memory),
  };
}

/** `gc()` without `--expose-gc` on the command line (V8 flags are the process's, not a worker's): set now, taken from a fresh context. */
function fullCollection(): void {
  if (!collectGarbage) {
    setFlagsFromString('--expose-gc');
    collectGarbage = runInNewContext('gc') as () => void;
  }
  collectGarbage();
}
