/**
 * The IPv4 addresses an IPv6 address embeds or translates to, so a callback cannot reach an
 * internal IPv4 host through an IPv6 spelling of it:
 *
 * | form | prefix | where the IPv4 address is |
 * |---|---|---|
 * | IPv4-compatible (deprecated) | `::/96` | last 32 bits (`::a.b.c.d`) |
 * | IPv4-mapped | `::ffff:0:0/96` | last 32 bits |
 * | SIIT IPv4-translated | `::ffff:0:0:0/96` | last 32 bits |
 * | NAT64 well-known prefix (RFC 6052) | `64:ff9b::/96` | last 32 bits |
 * | NAT64 local-use prefix (RFC 8215) | `64:ff9b:1::/48` | bits 48–63 and 72–87 (RFC 6052, /48 layout) |
 * | 6to4 (RFC 3056) | `2002::/16` | bits 16–47 |
 * | Teredo (RFC 4380) | `2001::/32` | server: bits 32–63; client: last 32 bits, inverted |
 */
import { isIP } from 'node:net';

/** An IPv6 address as its 16 bytes; undefined if it is not one. Accepts `::` and a dotted-quad tail. */
export function ipv6Bytes(address: string): Uint8Array | undefined {
  if (isIP(address) !== 6) return undefined;
  let text = address.split('%')[0]!.toLowerCase();
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::') as [string, string | undefined];
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const groups = tail === undefined ? headGroups : [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups];
  if (groups.length !== 8) return undefined;
  const bytes = new Uint8Array(16);
  groups.forEach((group, i) => {
    const value = parseInt(group, 16);
    bytes[2 * i] = value >> 8;
    bytes[2 * i + 1] = value & 0xff;
  });
  return bytes;
}

const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
const zeros = (bytes: Uint8Array, from: number, to: number) => bytes.subarray(from, to).every((byte) => byte === 0);

/** The IPv4 addresses `address` (IPv6) embeds or is translated to; empty for other addresses. */
export function embeddedIpv4(address: string): string[] {
  const b = ipv6Bytes(address);
  if (!b) return [];
  const last = v4(b[12]!, b[13]!, b[14]!, b[15]!);
  if (zeros(b, 0, 12)) return [last]; // IPv4-compatible (and :: / ::1, which fall in 0.0.0.0/8)
  if (zeros(b, 0, 10) && b[10] === 0xff && b[11] === 0xff) return [last]; // IPv4-mapped
  if (zeros(b, 0, 8) && b[8] === 0xff && b[9] === 0xff && zeros(b, 10, 12)) return [last]; // SIIT
  if (b[0] === 0x00 && b[1] === 0x64 && b[2] === 0xff && b[3] === 0x9b) {
    if (zeros(b, 4, 12)) return [last]; // NAT64 64:ff9b::/96
    if (b[4] === 0x00 && b[5] === 0x01) return [v4(b[6]!, b[7]!, b[9]!, b[10]!)]; // NAT64 64:ff9b:1::/48
  }
  if (b[0] === 0x20 && b[1] === 0x02) return [v4(b[2]!, b[3]!, b[4]!, b[5]!)]; // 6to4
  if (b[0] === 0x20 && b[1] === 0x01 && b[2] === 0x00 && b[3] === 0x00) {
    return [v4(b[4]!, b[5]!, b[6]!, b[7]!), v4(b[12]! ^ 0xff, b[13]! ^ 0xff, b[14]! ^ 0xff, b[15]! ^ 0xff)]; // Teredo
  }
  return [];
}
