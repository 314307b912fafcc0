import type { FilterAttribute, RetrievalFilter } from '@aws-sdk/client-bedrock-agent-runtime';
import type { DocumentMetadata, MetadataValue } from './metadata.js';

/** A compiled `RetrievalFilter`: whether a chunk's metadata passes. */
export type MetadataPredicate = (metadata: DocumentMetadata) => boolean;

function sameValue(actual: MetadataValue | undefined, expected: unknown): boolean {
  if (actual === undefined) return false;
  if (Array.isArray(actual)) return Array.isArray(expected) && actual.length === expected.length && actual.every((item, index) => item === String(expected[index]));
  return actual === expected || (typeof actual === 'number' && typeof expected === 'string' && actual === Number(expected));
}

function compare(actual: MetadataValue | undefined, expected: unknown, test: (difference: number) => boolean): boolean {
  if (typeof actual !== 'number' || typeof expected !== 'number') return false;
  return test(actual - expected);
}

function contains(actual: MetadataValue | undefined, expected: unknown): boolean {
  if (typeof expected !== 'string') return false;
  if (typeof actual === 'string') return actual.includes(expected);
  return Array.isArray(actual) && actual.some((item) => item.includes(expected));
}

type Comparison = (actual: MetadataValue | undefined, expected: unknown) => boolean;

/** The comparisons of `RetrievalFilter`, by member name, as the agent runtime documents them. */
const COMPARISONS: Record<string, Comparison> = {
  equals: sameValue,
  notEquals: (actual, expected) => !sameValue(actual, expected),
  greaterThan: (actual, expected) => compare(actual, expected, (difference) => difference > 0),
  greaterThanOrEquals: (actual, expected) => compare(actual, expected, (difference) => difference >= 0),
  lessThan: (actual, expected) => compare(actual, expected, (difference) => difference < 0),
  lessThanOrEquals: (actual, expected) => compare(actual, expected, (difference) => difference <= 0),
  in: (actual, expected) => Array.isArray(expected) && expected.some((item) => sameValue(actual, item)),
  notIn: (actual, expected) => !(Array.isArray(expected) && expected.some((item) => sameValue(actual, item))),
  startsWith: (actual, expected) => typeof actual === 'string' && typeof expected === 'string' && actual.startsWith(expected),
  listContains: (actual, expected) => Array.isArray(actual) && actual.includes(String(expected)),
  stringContains: contains,
};

/**
 * Compiles a `RetrievalFilter` (one member set: a comparison on `{key, value}`, or `andAll` /
 * `orAll` of 2+ filters) into a predicate over a chunk's metadata. The model checks the shape;
 * a missing attribute fails every comparison except `notEquals` and `notIn`.
 */
export function compileFilter(filter: RetrievalFilter | undefined): MetadataPredicate {
  if (!filter) return () => true;
  if (filter.andAll) {
    const parts = filter.andAll.map(compileFilter);
    return (metadata) => parts.every((part) => part(metadata));
  }
  if (filter.orAll) {
    const parts = filter.orAll.map(compileFilter);
    return (metadata) => parts.some((part) => part(metadata));
  }
  for (const [operator, comparison] of Object.entries(COMPARISONS)) {
    const attribute = (filter as unknown as Record<string, FilterAttribute | undefined>)[operator];
    if (attribute) return (metadata) => comparison(metadata[attribute.key ?? ''], attribute.value);
  }
  return () => true;
}
