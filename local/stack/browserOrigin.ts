/**
 * Local services check no signatures, so a web page on another site must not reach them through the
 * developer's browser: a cross-site form post is sent without a CORS preflight, and a site that
 * re-points its own name at 127.0.0.1 (DNS rebinding) is same-origin to itself. Browsers always name
 * the page in `Origin` on such requests; SDKs and CLIs send none. So a request whose `Origin` is not a
 * page on this machine's loopback names (any port: a web app under development) is refused.
 */
/** The names a page on this machine is served from (as `URL.hostname` spells them). */
export const LOOPBACK_HOSTNAMES: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The `Origin` to refuse, or undefined when there is none or it is a page served from loopback. */
export function foreignOrigin(origin: string | string[] | undefined): string | undefined {
  if (origin === undefined) return undefined;
  const text = Array.isArray(origin) ? origin.join(', ') : origin;
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTNAMES.has(url.hostname.toLowerCase()) ? undefined : text;
  } catch {
    return text;
  }
}

/** What a refused request is told. */
export function foreignOriginMessage(service: string, origin: string): string {
  return `The local ${service} refuses requests from web pages on other sites (Origin ${origin}): it checks no signatures. Pages served from localhost or 127.0.0.1 are accepted.`;
}
