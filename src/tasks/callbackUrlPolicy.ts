/**
 * Which callback URLs a task may POST to, so a task cannot make the service call internal
 * addresses: `https` only, `http` only to allow-listed hosts; no credentials in the URL; no
 * loopback, private or link-local address (literal, `localhost`, or what the name resolves to
 * when the callback is sent) unless the host is allow-listed (`CALLBACK_ALLOWED_HOSTS`).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
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

export type AddressLookup = (hostname: string) => Promise<{ address: string }[]>;

const systemLookup: AddressLookup = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

export class CallbackUrlPolicy {
  readonly #allowedHosts: Set<string>;
  readonly #lookup: AddressLookup;

  /** `allowedHosts`: host names or addresses (lower case), as in `CALLBACK_ALLOWED_HOSTS`. */
  constructor(allowedHosts: string[], lookup: AddressLookup = systemLookup) {
    this.#allowedHosts = new Set(allowedHosts.map((host) => host.toLowerCase()));
    this.#lookup = lookup;
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

  /** Checks, just before sending, that the host does not resolve to a non-public address. */
  async checkResolved(url: URL): Promise<void> {
    if (this.isAllowedHost(url) || isIP(stripBrackets(url.hostname)) !== 0) return;
    const addresses = await this.#lookup(url.hostname);
    if (addresses.some(({ address }) => isNonPublicAddress(address))) {
      throw new CallbackUrlRefusedError(`callback host ${url.hostname} resolves to a private, loopback or link-local address`);
    }
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
