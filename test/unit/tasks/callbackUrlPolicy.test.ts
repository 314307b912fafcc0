import { describe, expect, it } from 'vitest';
import { CallbackUrlPolicy, CallbackUrlRefusedError } from '../../../src/tasks/callbackUrlPolicy.js';
import { isNonPublicAddress } from '../../../src/tasks/nonPublicAddresses.js';

const publicLookup = async () => [{ address: '93.184.216.34' }];

describe('CallbackUrlPolicy.check', () => {
  const policy = new CallbackUrlPolicy([], publicLookup);

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
    const allowing = new CallbackUrlPolicy(['127.0.0.1', 'hooks.internal'], publicLookup);
    expect(allowing.check('http://127.0.0.1:8080/hook').host).toBe('127.0.0.1:8080');
    expect(allowing.check('http://hooks.internal/hook').hostname).toBe('hooks.internal');
    expect(() => allowing.check('http://10.0.0.1/')).toThrow(CallbackUrlRefusedError);
  });
});

describe('CallbackUrlPolicy.checkResolved', () => {
  it('refuses a public-looking name that resolves to a private address', async () => {
    const policy = new CallbackUrlPolicy([], async () => [{ address: '93.184.216.34' }, { address: '10.0.0.5' }]);
    await expect(policy.checkResolved(new URL('https://rebind.example.com/'))).rejects.toThrow(CallbackUrlRefusedError);
  });

  it('accepts a name that resolves to public addresses only', async () => {
    const policy = new CallbackUrlPolicy([], publicLookup);
    await expect(policy.checkResolved(new URL('https://hooks.example.com/'))).resolves.toBeUndefined();
  });
});

describe('isNonPublicAddress', () => {
  it.each(['0.0.0.0', '100.64.0.1', '172.31.255.255', '224.0.0.1', '255.255.255.255', 'fd00::1', '::', '::ffff:7f00:1'])('%s is not public', (address) => {
    expect(isNonPublicAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', 'example.com'])('%s is public (or not an address)', (address) => {
    expect(isNonPublicAddress(address)).toBe(false);
  });
});
