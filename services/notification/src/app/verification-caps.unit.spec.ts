import { ResourceExhaustedError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { capRefusal, capWindowId, retryIn, takeSlots } from './verification-caps.js';

const at = (iso: string) => new Date(iso);
const now = at('2026-03-01T08:00:00.000Z');

describe('verification caps', () => {
  it('takes sends until the limit, then says when the oldest leaves the hour', () => {
    let sentAt: string[] = [];
    const times = ['07:10', '07:20', '07:30'].map((t) => `2026-03-01T${t}:00.000Z`);
    for (const t of times) {
      const r = takeSlots(sentAt, 3, at(t));
      if (!r.ok) throw new Error('refused');
      sentAt = r.window.sentAt;
    }
    expect(sentAt).toEqual(times);
    expect(takeSlots(sentAt, 3, now)).toEqual({
      ok: false,
      retryAt: at('2026-03-01T08:10:00.000Z'),
    });
    // At 08:10 the first send has left the window: one more fits, and the stale one is dropped.
    const later = takeSlots(sentAt, 3, at('2026-03-01T08:10:00.000Z'));
    expect(later).toEqual({
      ok: true,
      window: {
        sentAt: [...times.slice(1), '2026-03-01T08:10:00.000Z'],
        expiresAt: '2026-03-01T09:10:00.000Z',
      },
    });
  });

  it('takes several sends at once, all or none', () => {
    const sentAt = ['2026-03-01T07:30:00.000Z', '2026-03-01T07:40:00.000Z'];
    expect(takeSlots(sentAt, 4, now, 3)).toEqual({
      ok: false,
      retryAt: at('2026-03-01T08:30:00.000Z'),
    });
    const r = takeSlots(sentAt, 4, now, 2);
    expect(r.ok && r.window.sentAt.length).toBe(4);
  });

  it('keys windows by a keyed hash, never the contact or address itself', () => {
    const id = capWindowId('secret-one-0123456789abcdef0123456789', 'client', '203.0.113.7');
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    expect(id).not.toContain('203');
    expect(capWindowId('secret-two-0123456789abcdef0123456789', 'client', '203.0.113.7')).not.toBe(
      id,
    );
    expect(capWindowId('secret-one-0123456789abcdef0123456789', 'contact', '203.0.113.7')).not.toBe(
      id,
    );
  });

  it('refuses with RESOURCE_EXHAUSTED, a rule and when to retry', () => {
    const err = capRefusal('contact', 3, 'email', at('2026-03-01T08:22:10.000Z'), now);
    expect(err).toBeInstanceOf(ResourceExhaustedError);
    expect(err.code).toBe('RESOURCE_EXHAUSTED');
    expect(err.reason).toBe('TOO_MANY_VERIFICATIONS');
    expect(err.retryAfterSeconds).toBe(1330);
    expect(err.message).toBe(
      'This e-mail address was sent 3 codes in the last hour; use the latest one you received, or try again in 23 minutes',
    );
    expect(
      capRefusal('destination', 10, 'webhook', at('2026-03-01T08:59:00.000Z'), now).message,
    ).toBe(
      'This webhook address shares its host with addresses that were sent 10 codes in the last hour; try again in 59 minutes',
    );
    expect(capRefusal('client', 20, 'sms', at('2026-03-01T08:00:30.000Z'), now).message).toBe(
      'Your network asked for 20 verification codes in the last hour; try again in 30 seconds',
    );
    expect(retryIn(60)).toBe('in 1 minute');
    expect(retryIn(1)).toBe('in 1 second');
  });
});
