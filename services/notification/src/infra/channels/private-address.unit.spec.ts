import { describe, expect, it } from 'vitest';
import { addressRange, isPrivateAddress, resolvesToPrivate } from './private-address.js';

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

describe('address ranges (ipaddr.js, with our checks on top)', () => {
  it.each([
    // The four ranges issue #8 found missing.
    ['64:ff9b:1::a00:1', 'nat64LocalUse'],
    ['64:ff9b:1::808:808', 'nat64LocalUse'],
    ['2001::1', 'teredo'],
    ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'teredo'],
    ['fec0::1', 'deprecatedSiteLocal'],
    ['feff:ffff::1', 'deprecatedSiteLocal'],
    ['192.88.99.1', 'reserved'],
    // Their IPv4-mapped and NAT64 spellings are judged by the IPv4 address they carry.
    ['::ffff:192.88.99.1', 'reserved'],
    ['::ffff:c058:6301', 'reserved'],
    ['64:ff9b::c058:6301', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['64:ff9b::127.0.0.1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    // Other embeddings are refused whatever they carry.
    ['2002:808:808::1', '6to4'],
    ['::ffff:0:7f00:1', 'rfc6145'],
    ['::127.0.0.1', 'notGlobalUnicast'],
    ['::8.8.8.8', 'notGlobalUnicast'],
    ['4000::1', 'notGlobalUnicast'],
    ['100::1', 'discard'],
    ['2001:db8::1', 'reserved'],
    ['fe80::1%eth0', 'linkLocal'],
    ['255.255.255.255', 'broadcast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.0.8', 'reserved'],
    // Only dotted quads: other IPv4 spellings are not what a resolver or URL parser gives.
    ['127.1', 'invalid'],
    ['0x7f.0.0.1', 'invalid'],
    ['', 'invalid'],
  ])('puts %s in %s, which is refused', (ip, range) => {
    expect(addressRange(ip)).toBe(range);
    expect(isPrivateAddress(ip)).toBe(true);
  });

  it.each(['1.1.1.1', '203.113.131.1', '2606:4700:4700::1111', '[2001:4860:4860::8888]'])(
    'allows the public unicast address %s',
    (ip) => {
      expect(addressRange(ip)).toBe('unicast');
      expect(isPrivateAddress(ip)).toBe(false);
    },
  );

  it('checks every address a name resolves to, with the resolver it is given', async () => {
    const answers =
      (...addresses: string[]) =>
      () =>
        Promise.resolve(
          addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
        );
    expect(await resolvesToPrivate('hooks.partner.vn', answers('1.1.1.1'))).toBe(false);
    expect(await resolvesToPrivate('hooks.partner.vn', answers('1.1.1.1', 'fec0::1'))).toBe(true);
    expect(await resolvesToPrivate('hooks.partner.vn', answers())).toBe(true);
    expect(
      await resolvesToPrivate('hooks.partner.vn', () => Promise.reject(new Error('ENOTFOUND'))),
    ).toBe(true);
  });
});
