import { describe, expect, it } from 'vitest';
import { clientAddress } from './client-address.js';

describe('clientAddress', () => {
  it('keeps IPv4 and unwraps IPv4 written inside IPv6', () => {
    expect(clientAddress('203.0.113.7', undefined)).toBe('203.0.113.7');
    expect(clientAddress('::ffff:203.0.113.7', undefined)).toBe('203.0.113.7');
  });

  it('reduces IPv6 to its /64, so one household is one client', () => {
    const a = clientAddress('2001:db8:1:2:aaaa::1', undefined);
    const b = clientAddress('2001:db8:1:2:ffff:ffff:ffff:ffff', undefined);
    expect(a).toBe('2001:db8:1:2::/64');
    expect(b).toBe(a);
    expect(clientAddress('2001:db8:1:3::1', undefined)).not.toBe(a);
  });

  it('ignores X-Forwarded-For unless proxies are trusted', () => {
    expect(clientAddress('10.0.0.1', '198.51.100.9')).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', '6.6.6.6, 198.51.100.9', 1)).toBe('198.51.100.9');
    expect(clientAddress('10.0.0.1', ['6.6.6.6', '198.51.100.9, 10.0.0.2'], 2)).toBe(
      '198.51.100.9',
    );
  });

  it('answers "unknown" for anything that is not an address', () => {
    expect(clientAddress(undefined, undefined)).toBe('unknown');
    expect(clientAddress('10.0.0.1', 'not-an-ip', 1)).toBe('unknown');
  });
});
