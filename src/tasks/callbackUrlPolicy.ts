/**
 * Which callback URLs a task may POST to, so a task cannot make the service call internal
 * addresses: `https` only, `http` only to allow-listed hosts; no credentials in the URL; no
 * loopback, private or link-local address (literal, `localhost`, IPv6 forms embedding such an
 * IPv4 address, or what the name resolves to when the callback is sent) unless the host is
 * allow-listed (`CALLBACK_ALLOWED_HOSTS`).
 *
 * The name is resolved once, with a time limit, and the connection is pinned to the address that
 * was checked (`resolve()` → `PinnedTarget`): no second lookup can answer differently (DNS rebinding).
 */
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { isNonPublicAddress } from './nonPublicAddresses.js';

const MAX_URL_LENGTH = 2048;

/** A callback URL the policy refuses; the message says why and is safe to show the caller. */
export class CallbackUrlRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CallbackUrlRefusedError';
  }
}

/** A `dns.lookup`-compatible resolver, called with `{ all: true, verbatim: true }` (the system's by default). */
export type AddressLookup = (
  hostname: string,
  options: { all: true; verbatim: boolean },
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/** A callback URL and the one address its connection must use. */
export interface PinnedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

export interface CallbackUrlPolicyOptions {
  /** The resolver (default `dns.lookup`). */
  lookup?: AddressLookup;
  /** How long a lookup may take before the callback is given up (default 2000 ms). */
  lookupTimeoutMs?: number;
}

export class CallbackUrlPolicy {
  readonly #allowedHosts: Set<string>;
  readonly #lookup: AddressLookup;
  readonly #lookupTimeoutMs: number;

  /** `allowedHosts`: host names or addresses (lower case), as in `CALLBACK_ALLOWED_HOSTS`. */
  constructor(allowedHosts: string[], options: CallbackUrlPolicyOptions = {}) {
    this.#allowedHosts = new Set(allowedHosts.map((host) => host.toLowerCase()));
    this.#lookup = options.lookup ?? (dnsLookup as AddressLookup);
    this.#lookupTimeoutMs = options.lookupTimeoutMs ?? 2000;
  }

  /**
   * Checks a URL's form when a task is submitted. Throws `CallbackUrlRefusedError`.
   *
   * @example
   * new CallbackUrlPolicy([]).check('https://example.com/hook'); // URL
   * new CallbackUrlPolicy([]).check('http://169.254.169.254/'); // throws
   */
  check(raw: unknown): URL {
    if (typeof raw !== 'string' || raw.trim() === '') throw new CallbackUrlRefusedError('callback_url must be a non-empty string');
    if (raw.length > MAX_URL_LENGTH) throw new CallbackUrlRefusedError(`callback_url must be at most ${MAX_URL_LENGTH} characters`);
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new CallbackUrlRefusedError('callback_url is not a valid URL');
    }
    const allowed = this.isAllowedHost(url);
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowed)) {
      throw new CallbackUrlRefusedError('callback_url must use https (http only for an allow-listed host)');
    }
    if (url.username || url.password) throw new CallbackUrlRefusedError('callback_url must not contain credentials');
    if (!allowed && isLocalName(url.hostname)) throw new CallbackUrlRefusedError('callback_url must not point to a local host');
    if (!allowed && isNonPublicAddress(url.hostname)) {
      throw new CallbackUrlRefusedError('callback_url must not point to a private, loopback or link-local address');
    }
    return url;
  }

  /**
   * Resolves the URL's host once (bounded by the lookup timeout) and checks every address it gave:
   * the connection must then use `address`, never resolve again. Throws `CallbackUrlRefusedError`.
   */
  async resolve(url: URL): Promise<PinnedTarget> {
    const host = stripBrackets(url.hostname);
    const literal = isIP(host);
    if (literal !== 0) return { url, address: host, family: literal as 4 | 6 };
    const addresses = await this.lookupWithTimeout(host);
    if (addresses.length === 0) throw new CallbackUrlRefusedError(`callback host ${host} has no address`);
    if (!this.isAllowedHost(url) && addresses.some(({ address }) => isNonPublicAddress(address))) {
      throw new CallbackUrlRefusedError(`callback host ${host} resolves to a private, loopback or link-local address`);
    }
    const [first] = addresses as [LookupAddress];
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  private lookupWithTimeout(host: string): Promise<LookupAddress[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new CallbackUrlRefusedError(`callback host lookup timed out after ${this.#lookupTimeoutMs} ms`)), this.#lookupTimeoutMs);
      try {
        this.#lookup(host, { all: true, verbatim: true }, (error, addresses) => {
          clearTimeout(timer);
          if (error) reject(new CallbackUrlRefusedError(`callback host lookup failed: ${error.code ?? 'error'}`));
          else resolve(addresses);
        });
      } catch (error) {
        clearTimeout(timer);
        reject(new CallbackUrlRefusedError(`callback host lookup failed: ${(error as NodeJS.ErrnoException).code ?? 'error'}`));
      }
    });
  }

  private isAllowedHost(url: URL): boolean {
    const host = stripBrackets(url.hostname.toLowerCase());
    return this.#allowedHosts.has(host) || this.#allowedHosts.has(url.host.toLowerCase());
  }
}

function stripBrackets(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

function isLocalName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  return host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.internal') || host.endsWith('.local');
}
