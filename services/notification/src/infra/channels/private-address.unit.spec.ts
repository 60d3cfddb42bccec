import { describe, expect, it } from 'vitest';
import { isPrivateAddress, resolvesToPrivate } from './private-address.js';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.16.0.1',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '64:ff9b::a00:1',
    '2002:c0a8:101::1',
    '198.18.0.1',
    '192.0.0.8',
    'not-an-ip',
  ])('treats %s as inside the network', (ip) => {
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '203.113.131.1',
    '2001:4860:4860::8888',
    '::ffff:8.8.8.8',
    '::ffff:808:808',
    '64:ff9b::808:808',
  ])('treats %s as public', (ip) => {
    expect(isPrivateAddress(ip)).toBe(false);
  });

  it('refuses names that resolve to loopback, and literals in brackets', async () => {
    expect(await resolvesToPrivate('localhost')).toBe(true);
    expect(await resolvesToPrivate('[::1]')).toBe(true);
    // What the URL parser makes of https://[::ffff:127.0.0.1]/
    expect(await resolvesToPrivate(new URL('https://[::ffff:127.0.0.1]/').hostname)).toBe(true);
    expect(await resolvesToPrivate('8.8.8.8')).toBe(false);
  });
});
