/**
 * Request ids and request times as API Gateway writes them: a UUID `requestId`, a 16-character
 * base64 `extendedRequestId` (`BQGojGkfIAMF8sQ=`), and `requestTime` in CLF form
 * (`09/Apr/2015:12:34:56 +0000`), formatted at most once per second.
 */
import { randomUUID } from 'node:crypto';

export interface RequestIds {
  requestId: string;
  extendedRequestId: string;
}

/** A fresh request id pair. */
export function newRequestIds(): RequestIds {
  const requestId = randomUUID();
  const hex = requestId.slice(0, 8) + requestId.slice(9, 13) + requestId.slice(14, 18) + requestId.slice(19, 23);
  return { requestId, extendedRequestId: Buffer.from(hex + requestId.slice(24, 28), 'hex').toString('base64') };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let cachedSecond = -1;
let cachedText = '';

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** `dd/MMM/yyyy:HH:mm:ss +0000` for an epoch in milliseconds. */
export function formatRequestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === cachedSecond) return cachedText;
  const d = new Date(second * 1000);
  cachedText = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
  cachedSecond = second;
  return cachedText;
}
