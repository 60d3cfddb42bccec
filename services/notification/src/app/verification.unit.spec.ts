import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  afterVerificationCheck,
  checkVerificationCode,
  checkVerificationLink,
  newVerification,
  type RandomInt,
  type VerifiableChannel,
} from './verification.js';

const now = new Date('2026-03-01T08:00:00.000Z');

/** Returns the given values in turn, then 0xab for every salt byte. */
function fixed(...values: number[]): RandomInt {
  return (min, max) => {
    const v = values.shift() ?? 0xab;
    if (v < min || v >= max) throw new RangeError('test value out of range');
    return v;
  };
}

describe('verification codes', () => {
  it('makes a 6-digit code, stores only its salted hash', () => {
    const v = newVerification('sms', now, fixed(42));
    const salt = 'ab'.repeat(16);
    expect(v).toEqual({
      code: '000042',
      codeHash: createHash('sha256').update(`${salt}:000042`).digest('hex'),
      salt,
      expiresAt: '2026-03-01T08:15:00.000Z',
      attempts: 0,
    });
  });

  it.each([
    ['email', '2026-03-02T08:00:00.000Z'],
    ['sms', '2026-03-01T08:15:00.000Z'],
    ['zalo', '2026-03-01T08:15:00.000Z'],
    ['webhook', '2026-03-02T08:00:00.000Z'],
  ] as const)('gives %s codes their lifetime', (channel: VerifiableChannel, expiresAt) => {
    expect(newVerification(channel, now, fixed(123456)).expiresAt).toBe(expiresAt);
  });

  it('uses crypto randomness by default, with a fresh salt each time', () => {
    const a = newVerification('email', now);
    const b = newVerification('email', now);
    expect(a.code).toMatch(/^\d{6}$/);
    expect(a.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(a.salt).not.toBe(b.salt);
  });

  it('refuses in-app contacts, which need no code', () => {
    expect(() => newVerification('in_app' as VerifiableChannel, now)).toThrow(RangeError);
  });

  describe('checkVerificationCode', () => {
    const { code, ...stored } = newVerification('sms', now, fixed(987654));
    const record = { ...stored, usedAt: null };
    const later = new Date('2026-03-01T08:10:00.000Z');

    it('accepts the code, also typed with a space or dash', () => {
      expect(code).toBe('987654');
      expect(checkVerificationCode(record, '987654', later)).toBe('ok');
      expect(checkVerificationCode(record, ' 987 654 ', later)).toBe('ok');
      expect(checkVerificationCode(record, '987-654', later)).toBe('ok');
    });

    it.each(['987655', '98765', '9876540', 'abcdef', ''])('refuses %j as wrong', (entered) => {
      expect(checkVerificationCode(record, entered, later)).toBe('wrong');
    });

    it('expires at expiresAt, and once used', () => {
      expect(checkVerificationCode(record, code, new Date('2026-03-01T08:14:59.999Z'))).toBe('ok');
      expect(checkVerificationCode(record, code, new Date('2026-03-01T08:15:00.000Z'))).toBe(
        'expired',
      );
      const used = afterVerificationCheck(record, 'ok', later);
      expect(used.usedAt).toBe('2026-03-01T08:10:00.000Z');
      expect(checkVerificationCode(used, code, later)).toBe('expired');
    });

    it('refuses the right code once a newer one was sent, before comparing it', () => {
      const superseded = { ...record, supersededAt: later.toISOString() };
      expect(checkVerificationCode(superseded, code, later)).toBe('superseded');
      expect(checkVerificationCode(superseded, '000000', later)).toBe('superseded');
      expect(afterVerificationCheck(superseded, 'superseded', later)).toBe(superseded);
    });

    it('takes a link while the record is open, and tells a superseded or used one', () => {
      expect(checkVerificationLink(record, later)).toBe('ok');
      expect(checkVerificationLink({ ...record, supersededAt: later.toISOString() }, later)).toBe(
        'superseded',
      );
      expect(checkVerificationLink({ ...record, usedAt: later.toISOString() }, later)).toBe(
        'expired',
      );
      expect(checkVerificationLink(record, new Date('2026-03-01T08:15:00.000Z'))).toBe('expired');
    });

    it('locks after 5 wrong codes, even for the right one', () => {
      let current = record;
      for (let i = 0; i < 5; i++) {
        const result = checkVerificationCode(current, '000000', later);
        expect(result).toBe('wrong');
        current = afterVerificationCheck(current, result, later);
      }
      expect(current.attempts).toBe(5);
      expect(checkVerificationCode(current, code, later)).toBe('locked');
      expect(afterVerificationCheck(current, 'locked', later)).toBe(current);
    });
  });
});
