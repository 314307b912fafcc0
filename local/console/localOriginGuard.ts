/**
 * DNS-rebinding protection: the console answers only requests addressed to it by a loopback name
 * (`Host` is `127.0.0.1`, `localhost` or `[::1]` with its port) and, when the browser says where a
 * request comes from (`Origin`), only pages served from such an address. A page on another site
 * that re-points its own name at 127.0.0.1 sends its own name as `Host`, and is refused.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LOOPBACK_HOSTNAMES } from '../stack/browserOrigin.js';


/** The `host:port` values the console accepts for a server on `port`. */
export function localHosts(port: number): Set<string> {
  return new Set([...LOOPBACK_HOSTNAMES].map((name) => `${name}:${port}`));
}

/** Why a request must be refused, or undefined when it may proceed. */
export function refusalReason(headers: { host?: string; origin?: string }, allowedHosts: Set<string>): string | undefined {
  const host = headers.host?.toLowerCase();
  if (!host || !allowedHosts.has(host)) return `Host ${JSON.stringify(headers.host ?? '')} is not this console's local address`;
  if (headers.origin === undefined) return undefined;
  let originHost: string;
  try {
    const origin = new URL(headers.origin);
    if (origin.protocol !== 'http:') return `Origin ${JSON.stringify(headers.origin)} is not local`;
    originHost = origin.host.toLowerCase();
  } catch {
    return `Origin ${JSON.stringify(headers.origin)} is not local`;
  }
  return allowedHosts.has(originHost) ? undefined : `Origin ${JSON.stringify(headers.origin)} is not local`;
}

/** An `onRequest` hook answering 403 to a request the console must not serve. */
export function localOriginGuard(port: () => number) {
  let allowed: Set<string> | undefined;
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    allowed ??= localHosts(port());
    const reason = refusalReason({ host: request.headers.host, origin: request.headers.origin }, allowed);
    if (reason) await reply.code(403).type('application/json').send({ message: `Forbidden: ${reason}` });
  };
}
