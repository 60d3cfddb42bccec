import { describe, expect, it } from 'vitest';
import { erasureLookup } from './erasure-keys.js';

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
