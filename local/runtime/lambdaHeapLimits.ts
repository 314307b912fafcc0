/**
 * V8's heap limits for a Node.js function of a given MemorySize, as Lambda's Node.js runtime sets
 * them. Its bootstrap (`/var/runtime/bootstrap` of the `public.ecr.aws/lambda/nodejs` images, as
 * quoted from the nodejs18.x image in a public write-up indexed with the aws-lambda-base-images
 * sources, and unchanged in substance in the nodejs24.x one; read 2026-12-08) does:
 *
 *     new_space=$(expr $AWS_LAMBDA_FUNCTION_MEMORY_SIZE / 10)
 *     semi_space=$(expr $new_space / 2)
 *     old_space=$(expr $AWS_LAMBDA_FUNCTION_MEMORY_SIZE - $new_space)
 *     node --max-semi-space-size=$semi_space --max-old-space-size=$old_space ...
 *
 * (the newer bootstrap skips both when NODE_OPTIONS sets either). A worker thread takes the young
 * generation, not the semi-space: V8 sizes the young generation at three semi-spaces (two, plus the
 * new large-object space), so `maxYoungGenerationSizeMb: 3 × semi_space` gives the worker exactly
 * the heap limit of a process started with those flags.
 */
import type { ResourceLimits } from 'node:worker_threads';

/** Young-generation size per semi-space in V8 (`Heap::YoungGenerationSizeFromSemiSpaceSize`). */
const SEMI_SPACES_PER_YOUNG_GENERATION = 3;

export function lambdaHeapLimits(memorySizeMb: number): Required<Pick<ResourceLimits, 'maxYoungGenerationSizeMb' | 'maxOldGenerationSizeMb'>> {
  const newSpaceMb = Math.floor(memorySizeMb / 10);
  const semiSpaceMb = Math.floor(newSpaceMb / 2);
  return { maxYoungGenerationSizeMb: SEMI_SPACES_PER_YOUNG_GENERATION * semiSpaceMb, maxOldGenerationSizeMb: memorySizeMb - newSpaceMb };
}
