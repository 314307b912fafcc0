/**
 * One HTTP(S) POST to a callback, connected to the address the policy checked: the request's
 * `lookup` answers with that address only, so Node never resolves the name a second time (a DNS
 * answer that changed after the check cannot redirect the connection). TLS still verifies the
 * certificate against the URL's host name. Redirects are not followed.
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import type { PinnedTarget } from './callbackUrlPolicy.js';

/** POSTs `body` as JSON; resolves with the status code (the response body is discarded). */
export function pinnedPost(target: PinnedTarget, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
  const { url, address, family } = target;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const outgoing = request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}
