import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signLinkToken, verifyLinkToken, type LinkPayload } from './link-tokens.js';

const OLD = 'old-secret-0123456789abcdefghijklmnop';
const NEW = 'new-secret-0123456789abcdefghijklmnop';
const now = new Date('2026-03-01T08:00:00.000Z');

const unsubscribe: LinkPayload = {
  purpose: 'unsubscribe',
  subscriberId: 'sub-1',
  channel: 'email',
};
const verify: LinkPayload = {
  purpose: 'verify',
  subscriberId: 'sub-1',
  channel: 'email',
  verificationId: 'ver-9',
  expiresAt: '2026-03-02T08:00:00.123Z',
};

/** Flips one bit of the decoded token and re-encodes it. */
function tamper(token: string, index: number): string {
  const bytes = Buffer.from(token, 'base64url');
  bytes[index] = bytes[index]! ^ 1;
  return bytes.toString('base64url');
}

describe('link tokens', () => {
  it('round-trips both purposes, URL-safe', () => {
    for (const payload of [unsubscribe, { ...unsubscribe, channel: null }, verify] as const) {
      const token = signLinkToken(NEW, payload);
      expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(verifyLinkToken(NEW, token, now)).toEqual({ ok: true, payload });
    }
  });

  it('never expires unsubscribe links', () => {
    const token = signLinkToken(NEW, unsubscribe);
    expect(verifyLinkToken(NEW, token, new Date('2046-01-01T00:00:00Z'))).toEqual({
      ok: true,
      payload: unsubscribe,
    });
  });

  it('expires verification links at expiresAt', () => {
    const token = signLinkToken(NEW, verify);
    expect(verifyLinkToken(NEW, token, new Date('2026-03-02T08:00:00.122Z')).ok).toBe(true);
    expect(verifyLinkToken(NEW, token, new Date('2026-03-02T08:00:00.123Z'))).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('refuses a tampered token, anywhere in it', () => {
    const token = signLinkToken(NEW, verify);
    const length = Buffer.from(token, 'base64url').length;
    for (const index of [1, 5, length - 40, length - 1])
      expect(verifyLinkToken(NEW, tamper(token, index), now)).toEqual({
        ok: false,
        reason: 'bad_signature',
      });
    // The version byte is read before the signature.
    expect(verifyLinkToken(NEW, tamper(token, 0), now)).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });

  it('refuses a token signed with another secret', () => {
    expect(verifyLinkToken(NEW, signLinkToken(OLD, unsubscribe), now)).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rotates secrets: signs with the first, accepts any', () => {
    const old = signLinkToken(OLD, unsubscribe);
    expect(verifyLinkToken([NEW, OLD], old, now)).toEqual({ ok: true, payload: unsubscribe });
    const current = signLinkToken([NEW, OLD], unsubscribe);
    expect(current).toBe(signLinkToken(NEW, unsubscribe));
    expect(verifyLinkToken(OLD, current, now)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('keeps the purposes apart', () => {
    const token = signLinkToken(NEW, unsubscribe);
    expect(verifyLinkToken(NEW, token, now, 'verify')).toEqual({ ok: false, reason: 'malformed' });
    expect(verifyLinkToken(NEW, token, now, 'unsubscribe').ok).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['oversized', 'A'.repeat(513)],
    ['not base64url', 'abc+/=='],
    ['too short', 'AQE'],
    ['padded', `${signLinkToken(NEW, unsubscribe)}=`],
  ])('refuses a %s token as malformed', (_, token) => {
    expect(verifyLinkToken(NEW, token, now)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses authentic tokens with malformed fields', () => {
    const forge = (purpose: number, json: string) => {
      const body = Buffer.concat([Buffer.from([1, purpose]), Buffer.from(json)]);
      const mac = createHmac('sha256', NEW).update(body).digest();
      return Buffer.concat([body, mac]).toString('base64url');
    };
    expect(verifyLinkToken(NEW, forge(1, '["sub-1","email"]'), now).ok).toBe(true);
    for (const [purpose, json] of [
      [1, '["sub-1","fax"]'],
      [1, '["sub 1","email"]'],
      [1, '{"subscriberId":"sub-1"}'],
      [1, 'not json'],
      [2, '["sub-1","email","v",1.5]'],
      [3, '["sub-1","email"]'],
    ] as const)
      expect(verifyLinkToken(NEW, forge(purpose, json), now)).toEqual({
        ok: false,
        reason: 'malformed',
      });
  });

  it('refuses to sign bad payloads or with weak secrets', () => {
    expect(() => signLinkToken('short', unsubscribe)).toThrow(RangeError);
    expect(() => signLinkToken([], unsubscribe)).toThrow(RangeError);
    expect(() => signLinkToken(NEW, { ...unsubscribe, subscriberId: 'a b' })).toThrow(RangeError);
    expect(() => signLinkToken(NEW, { ...verify, expiresAt: 'soon' })).toThrow(RangeError);
  });

  it('fits the longest ids within 512 characters', () => {
    const token = signLinkToken(NEW, {
      ...verify,
      subscriberId: 'a'.repeat(128),
      verificationId: 'b'.repeat(128),
    });
    expect(token.length).toBeLessThanOrEqual(512);
    expect(verifyLinkToken(NEW, token, now).ok).toBe(true);
  });
});
