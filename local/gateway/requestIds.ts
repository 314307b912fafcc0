/**
 * Request ids and request times as API Gateway writes them: a UUID `requestId`, a 16-character
 * base64 `extendedRequestId` (`BQGojGkfIAMF8sQ=`), and `requestTime` in CLF form
 * (`09/Apr/2015:12:34:56 +0000`), formatted at most once per second.
 */
import { randomFillSync, randomUUID } from 'node:crypto';

export interface RequestIds {
  requestId: string;
  extendedRequestId: string;
}

const BASE64_CODES = Array.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', (c) => c.charCodeAt(0));
/** Random bytes for extended ids, 12 per id, refilled when used up: one fill per 512 ids. */
const randomPool = Buffer.allocUnsafe(12 * 512);
let poolOffset = randomPool.length;

/** The base64 character code of the six bits of `bits` from `shift` up. */
function digit(bits: number, shift: number): number {
  return BASE64_CODES[(bits >> shift) & 63];
}

/** A fresh request id pair; the extended id is the base64 of 12 random bytes (no padding: 16 characters). */
export function newRequestIds(): RequestIds {
  if (poolOffset === randomPool.length) {
    randomFillSync(randomPool);
    poolOffset = 0;
  }
  const bytes = randomPool;
  const at = poolOffset;
  poolOffset += 12;
  const x = (bytes[at] << 16) | (bytes[at + 1] << 8) | bytes[at + 2];
  const y = (bytes[at + 3] << 16) | (bytes[at + 4] << 8) | bytes[at + 5];
  const z = (bytes[at + 6] << 16) | (bytes[at + 7] << 8) | bytes[at + 8];
  const w = (bytes[at + 9] << 16) | (bytes[at + 10] << 8) | bytes[at + 11];
  // Character codes straight from the bytes: a Buffer base64 slice or a string built piece by piece costs twice as much.
  const extendedRequestId = String.fromCharCode(
    digit(x, 18), digit(x, 12), digit(x, 6), digit(x, 0),
    digit(y, 18), digit(y, 12), digit(y, 6), digit(y, 0),
    digit(z, 18), digit(z, 12), digit(z, 6), digit(z, 0),
    digit(w, 18), digit(w, 12), digit(w, 6), digit(w, 0),
  );
  return { requestId: randomUUID(), extendedRequestId };
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
