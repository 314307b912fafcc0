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

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** The two base64 digits of every 12-bit value. */
const BASE64_PAIRS = Array.from({ length: 4096 }, (_, v) => BASE64[v >> 6] + BASE64[v & 63]);

function hexValue(code: number): number {
  return code <= 57 ? code - 48 : (code | 32) - 87;
}

/** A fresh request id pair; the extended id is the base64 of the UUID's first 12 bytes. */
export function newRequestIds(): RequestIds {
  const requestId = randomUUID();
  // Three hex digits are 12 bits, two base64 digits: no Buffer round trip on every request.
  let extendedRequestId = '';
  let bits = 0;
  let digits = 0;
  for (let i = 0; digits < 24; i++) {
    const code = requestId.charCodeAt(i);
    if (code === 45) continue;
    bits = (bits << 4) | hexValue(code);
    if (++digits % 3 === 0) {
      extendedRequestId += BASE64_PAIRS[bits];
      bits = 0;
    }
  }
  return { requestId, extendedRequestId };
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
