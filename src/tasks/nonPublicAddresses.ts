/**
 * Addresses a callback must not reach unless its host is allow-listed: loopback, private,
 * link-local, carrier-grade NAT, unique-local, multicast, reserved and documentation ranges, and
 * any IPv6 address that embeds or translates to such an IPv4 address (see `embeddedIpv4.ts`).
 */
import { BlockList, isIP } from 'node:net';
import { embeddedIpv4 } from './embeddedIpv4.js';

const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for an IP address (v4 or v6, brackets allowed) that is not a public unicast address. */
export function isNonPublicAddress(address: string): boolean {
  const bare = address.startsWith('[') && address.endsWith(']') ? address.slice(1, -1) : address;
  const version = isIP(bare);
  if (version === 4) return blocked.check(bare, 'ipv4');
  if (version === 6) return blocked.check(bare, 'ipv6') || embeddedIpv4(bare).some((ipv4) => blocked.check(ipv4, 'ipv4'));
  return false;
}
