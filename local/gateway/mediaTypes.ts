/**
 * Decides when a body travels base64-encoded. REST APIs encode what matches the API's
 * `BinaryMediaTypes` (wildcards such as `image/*` and `*\/*` allowed); HTTP APIs and Function URLs
 * encode every body whose content type is not textual.
 */
import { compileWildcard } from './policyEvaluation.js';

export type MediaTypeMatcher = (contentType: string | undefined) => boolean;

function essence(contentType: string): string {
  const semi = contentType.indexOf(';');
  return (semi === -1 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
}

/** A matcher for an API's `BinaryMediaTypes` (memoised per content type seen). */
export function createBinaryMediaMatcher(binaryMediaTypes: string[]): MediaTypeMatcher {
  if (binaryMediaTypes.length === 0) return () => false;
  // SAM writes `~1` for `/` in BinaryMediaTypes (JSON-pointer escaping); accept both spellings.
  const matchers = binaryMediaTypes.map((t) => compileWildcard(t.replace(/~1/g, '/').toLowerCase()));
  const seen = new Map<string, boolean>();
  return (contentType) => {
    if (!contentType) return false;
    let hit = seen.get(contentType);
    if (hit === undefined) {
      const e = essence(contentType);
      hit = matchers.some((m) => m(e));
      if (seen.size > 1024) seen.clear();
      seen.set(contentType, hit);
    }
    return hit;
  };
}

const TEXT_TYPES = new Set([
  'application/json',
  'application/javascript',
  'application/xml',
  'application/x-www-form-urlencoded',
  'application/x-yaml',
  'application/yaml',
  'application/graphql',
  'application/ld+json',
]);

/** True for content types HTTP APIs and Function URLs pass as text (no content type counts as text). */
export function isTextContentType(contentType: string | undefined): boolean {
  if (!contentType) return true;
  const e = essence(contentType);
  return e.startsWith('text/') || TEXT_TYPES.has(e) || e.endsWith('+json') || e.endsWith('+xml');
}
