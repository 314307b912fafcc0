import { SfnApiError } from '../errors.js';

/** One page of a list: `nextToken` is the base64 offset of the next page. */
export function pageOf<T>(items: readonly T[], maxResults: number | undefined, nextToken: string | undefined, defaultSize = 100): { items: T[]; nextToken?: string } {
  let start = 0;
  if (nextToken) {
    start = Number(Buffer.from(nextToken, 'base64').toString('utf8'));
    if (!Number.isInteger(start) || start < 0) throw new SfnApiError('InvalidToken', `Invalid Token: '${nextToken}'`);
  }
  const size = maxResults && maxResults > 0 ? Math.min(maxResults, 1000) : defaultSize;
  const end = start + size;
  return { items: items.slice(start, end), nextToken: end < items.length ? Buffer.from(String(end)).toString('base64') : undefined };
}
