import { describe, expect, it } from 'vitest';
import { erasureLookup, replyHeldBy } from './erasure-keys.js';

describe('erasureLookup', () => {
  it('gives the keys subscribe stores contacts under', () => {
    expect(erasureLookup({ kind: 'email', value: 'Mai@Example.VN' })).toEqual({
      contactKeys: ['email:mai@example.vn', 'email:Mai@example.vn'],
    });
    expect(erasureLookup({ kind: 'phone', value: '0912 345 678' })).toEqual({
      contactKeys: ['sms:+84912345678'],
    });
    expect(erasureLookup({ kind: 'zalo', value: '4455' })).toEqual({ contactKeys: ['zalo:4455'] });
    expect(erasureLookup({ kind: 'user', value: 'user-1' })).toEqual({ userId: 'user-1' });
    // A partner's user never subscribes: the partner's webhook subscriber is the partner's.
    expect(erasureLookup({ kind: 'partner', clientId: 'portal', externalRef: 'c-7' })).toEqual({
      contactKeys: [],
    });
  });

  it('finds nothing for junk', () => {
    for (const subject of [
      { kind: 'email', value: 'a@b' },
      { kind: 'phone', value: 'call me' },
      { kind: 'zalo', value: '12-34' },
    ] as const)
      expect(erasureLookup(subject)).toEqual({ contactKeys: [] });
  });
});

describe('replyHeldBy', () => {
  it('matches a reply address in the forms intake stores', () => {
    const email = { channel: 'email', email: 'mai@example.vn' } as const;
    expect(replyHeldBy(email, { kind: 'email', value: 'Mai@Example.VN' })).toBe(true);
    expect(replyHeldBy(email, { kind: 'email', value: 'lan@example.vn' })).toBe(false);
    const sms = { channel: 'sms', phone: '+84912345678' } as const;
    expect(replyHeldBy(sms, { kind: 'phone', value: '0912 345 678' })).toBe(true);
    expect(replyHeldBy(sms, { kind: 'zalo', value: '84912345678' })).toBe(false);
    const partner = { channel: 'partner', clientId: 'portal', externalRef: 'c-7' } as const;
    expect(replyHeldBy(partner, { kind: 'partner', clientId: 'portal', externalRef: 'c-7' })).toBe(
      true,
    );
    expect(replyHeldBy(partner, { kind: 'partner', clientId: 'app', externalRef: 'c-7' })).toBe(
      false,
    );
    expect(
      replyHeldBy({ channel: 'in_app', userId: 'user-1' }, { kind: 'user', value: 'user-1' }),
    ).toBe(true);
    expect(replyHeldBy(null, { kind: 'user', value: 'user-1' })).toBe(false);
    expect(replyHeldBy(email, { kind: 'email', value: 'junk' })).toBe(false);
  });
});
