import type { CORSRule } from '@aws-sdk/client-s3';
import { S3Error } from '../errors.js';

function matches(pattern: string, value: string): boolean {
  if (pattern === '*') return true;
  const star = pattern.indexOf('*');
  if (star < 0) return pattern.toLowerCase() === value.toLowerCase();
  // S3 allows one wildcard in an origin or header name.
  const [head, tail] = [pattern.slice(0, star).toLowerCase(), pattern.slice(star + 1).toLowerCase()];
  const v = value.toLowerCase();
  return v.length >= head.length + tail.length && v.startsWith(head) && v.endsWith(tail);
}

/** The first rule that allows this origin, method and request headers (S3 evaluates rules in order). */
export function matchCorsRule(rules: CORSRule[] | undefined, origin: string, method: string, requestHeaders: string[] = []): CORSRule | undefined {
  return rules?.find(
    (rule) =>
      (rule.AllowedOrigins ?? []).some((o) => matches(o, origin)) &&
      (rule.AllowedMethods ?? []).includes(method) &&
      requestHeaders.every((h) => (rule.AllowedHeaders ?? []).some((allowed) => matches(allowed, h))),
  );
}

/** The headers S3 adds for an allowed cross-origin request (preflight or actual). */
export function corsHeaders(rule: CORSRule, origin: string, preflight: { method: string; headers: string[] } | undefined): Record<string, string> {
  const wildcard = (rule.AllowedOrigins ?? []).includes('*');
  const headers: Record<string, string> = {
    'access-control-allow-origin': wildcard ? '*' : origin,
    'access-control-allow-methods': (rule.AllowedMethods ?? []).join(', '),
    vary: 'Origin, Access-Control-Request-Headers, Access-Control-Request-Method',
  };
  if (!wildcard) headers['access-control-allow-credentials'] = 'true';
  if (preflight?.headers.length) headers['access-control-allow-headers'] = preflight.headers.join(', ');
  if (rule.ExposeHeaders?.length) headers['access-control-expose-headers'] = rule.ExposeHeaders.join(', ');
  if (rule.MaxAgeSeconds !== undefined) headers['access-control-max-age'] = String(rule.MaxAgeSeconds);
  return headers;
}

/** A refused preflight, as S3 answers it (403 `AccessForbidden`, "CORSResponse: …"). */
export function corsRefusal(hasConfiguration: boolean): S3Error {
  return new S3Error(
    'AccessForbidden',
    hasConfiguration
      ? 'CORSResponse: This CORS request is not allowed. This is usually because the evalution of Origin, request method / Access-Control-Request-Method or Access-Control-Request-Headers are not whitelisted by the resource\'s CORS spec.'
      : 'CORSResponse: CORS is not enabled for this bucket.',
    {},
  );
}
