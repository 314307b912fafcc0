import { describe, expect, it } from 'vitest';
import { CallbackUrlPolicy, CallbackUrlRefusedError } from '../../../src/tasks/callbackUrlPolicy.js';
import { isNonPublicAddress } from '../../../src/tasks/nonPublicAddresses.js';

import type { LookupAddress } from 'node:dns';
import type { AddressLookup } from '../../../src/tasks/callbackUrlPolicy.js';

/** A `dns.lookup`-compatible resolver that answers every name with `addresses`. */
const answering = (...addresses: string[]): AddressLookup => (_hostname, _options, callback) => {
  const answer: LookupAddress[] = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  setImmediate(() => callback(null, answer));
};
const publicLookup = answering('93.184.216.34');

describe('CallbackUrlPolicy.check', () => {
  const policy = new CallbackUrlPolicy([], { lookup: publicLookup });

  it('accepts a public https URL', () => {
    expect(policy.check('https://hooks.example.com/tasks?x=1').toString()).toBe('https://hooks.example.com/tasks?x=1');
  });

  it.each([
    ['plain http', 'http://hooks.example.com/'],
    ['another scheme', 'ftp://example.com/'],
    ['credentials', 'https://user:pass@example.com/'],
    ['loopback', 'https://127.0.0.1/'],
    ['loopback in decimal', 'https://2130706433/'],
    ['metadata service', 'https://169.254.169.254/latest/meta-data'],
    ['private 10/8', 'https://10.1.2.3/'],
    ['private 192.168/16', 'https://192.168.0.10/'],
    ['IPv6 loopback', 'https://[::1]/'],
    ['IPv4-mapped loopback', 'https://[::ffff:127.0.0.1]/'],
    ['IPv6 link-local', 'https://[fe80::1]/'],
    ['localhost', 'https://localhost/'],
    ['a .internal name', 'https://metadata.google.internal/'],
    ['not a URL', 'not a url'],
  ])('refuses %s', (_name, url) => {
    expect(() => policy.check(url)).toThrow(CallbackUrlRefusedError);
  });

  it.each([42, '', '   ', null])('refuses %j', (value) => {
    expect(() => policy.check(value)).toThrow(CallbackUrlRefusedError);
  });

  it('allows http and a private address for an allow-listed host', () => {
    const allowing = new CallbackUrlPolicy(['127.0.0.1', 'hooks.internal'], { lookup: publicLookup });
    expect(allowing.check('http://127.0.0.1:8080/hook').host).toBe('127.0.0.1:8080');
    expect(allowing.check('http://hooks.internal/hook').hostname).toBe('hooks.internal');
    expect(() => allowing.check('http://10.0.0.1/')).toThrow(CallbackUrlRefusedError);
  });
});

describe('CallbackUrlPolicy.resolve', () => {
  it('refuses a public-looking name that resolves to a private address', async () => {
    const policy = new CallbackUrlPolicy([], { lookup: answering('93.184.216.34', '10.0.0.5') });
    await expect(policy.resolve(new URL('https://rebind.example.com/'))).rejects.toThrow(CallbackUrlRefusedError);
  });

  it('refuses a name that resolves to an IPv6 form of a private IPv4 address', async () => {
    const policy = new CallbackUrlPolicy([], { lookup: answering('64:ff9b::a9fe:a9fe') });
    await expect(policy.resolve(new URL('https://nat64.example.com/'))).rejects.toThrow(CallbackUrlRefusedError);
  });

  it('pins a name that resolves to public addresses only to the first of them', async () => {
    const policy = new CallbackUrlPolicy([], { lookup: answering('2606:4700:4700::1111', '93.184.216.34') });
    await expect(policy.resolve(new URL('https://hooks.example.com/'))).resolves.toMatchObject({ address: '2606:4700:4700::1111', family: 6 });
  });
});

describe('isNonPublicAddress', () => {
  it.each(['0.0.0.0', '100.64.0.1', '172.31.255.255', '224.0.0.1', '255.255.255.255', 'fd00::1', '::', '::ffff:7f00:1'])('%s is not public', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each([
    ['IPv4-compatible', '::127.0.0.1'],
    ['IPv4-compatible in hex', '::a00:1'],
    ['IPv4-mapped', '::ffff:192.168.1.1'],
    ['SIIT IPv4-translated', '::ffff:0:10.0.0.1'],
    ['NAT64 well-known prefix', '64:ff9b::169.254.169.254'],
    ['NAT64 local-use prefix', '64:ff9b:1:7f00:1::'],
    ['6to4 of a private address', '2002:c0a8:101::1'],
    ['Teredo with a loopback client', '2001:0:4136:e378:8000:63bf:80ff:fffe'],
    ['Teredo with a private server', '2001:0:a00:1::1'],
  ])('the %s form %s of a non-public IPv4 address is not public', (_form, address) => {
    expect(isNonPublicAddress(address)).toBe(true);
    expect(isNonPublicAddress(`[${address}]`)).toBe(true);
  });

  it.each(['64:ff9b::8.8.8.8', '2002:808:808::1', '::ffff:8.8.8.8'])('%s embeds a public address and is public', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });

  it.each(['8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', 'example.com'])('%s is public (or not an address)', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });
});
