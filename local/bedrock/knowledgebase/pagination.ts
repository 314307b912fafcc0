import { validationError } from '../errors.js';

/**
 * One page of a list, with the opaque `nextToken` the agent APIs hand back (the offset of the
 * next item, base64url). A token that is not one of ours answers AWS's ValidationException.
 */
export function page<T>(items: T[], maxResults: number | undefined, nextToken: string | undefined): { items: T[]; nextToken?: string } {
  const start = nextToken === undefined ? 0 : decodeOffset(nextToken);
  const size = maxResults ?? 1000;
  const end = start + size;
  return { items: items.slice(start, end), ...(end < items.length ? { nextToken: encodeOffset(end) } : {}) };
}

export function encodeOffset(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeOffset(token: string): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw validationError('The nextToken is invalid.');
  return Number(match[1]);
}
