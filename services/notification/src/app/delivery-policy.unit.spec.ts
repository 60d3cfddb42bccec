import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  decideSend,
  DEFAULT_DELIVERY_RULES,
  deliveryId,
  digestDay,
  dueDigestDay,
} from './delivery-policy.js';
import type { Subscriber } from './notification.model.js';
import { subscriberRecord } from '../testing/subscriber-record.js';

const at = '2026-11-27T00:00:00.000Z';
function subscriber(overrides: Partial<Subscriber> = {}): Subscriber {
  return subscriberRecord('s-1', {
    contacts: [{ channel: 'email', address: 'a@example.vn', verifiedAt: at, optedOutAt: null }],
    unitIds: ['lc'],
    unitScope: ['lc'],
    createdAt: at,
    updatedAt: at,
    ...overrides,
  });
}
const email = { channel: 'email', kind: 'event' } as const;
// 15:00 in Asia/Ho_Chi_Minh (UTC+7).
const afternoon = new Date('2026-11-27T08:00:00Z');

describe('decideSend', () => {
  it('sends to a verified, subscribed contact', () => {
    expect(decideSend(email, subscriber(), afternoon).action).toBe('send');
  });

  it.each([
    ['an erased subscriber', null, 'subscriber_erased'],
    ['a channel without a contact', subscriber({ contacts: [] }), 'no_contact'],
    [
      'an opted-out contact',
      subscriber({
        contacts: [{ channel: 'email', address: 'a@example.vn', verifiedAt: at, optedOutAt: at }],
      }),
      'opted_out',
    ],
    ['an opted-out subscriber', subscriber({ status: 'opted_out' }), 'opted_out'],
    [
      'an unverified contact',
      subscriber({
        contacts: [
          { channel: 'email', address: 'a@example.vn', verifiedAt: null, optedOutAt: null },
        ],
      }),
      'unverified',
    ],
    [
      'a disabled webhook',
      subscriber({
        contacts: [
          {
            channel: 'email',
            address: 'https://x',
            verifiedAt: at,
            optedOutAt: null,
            disabledAt: at,
          },
        ],
      }),
      'endpoint_disabled',
    ],
  ])('suppresses for %s', (_name, s, reason) => {
    expect(decideSend(email, s, afternoon)).toEqual({ action: 'suppress', reason });
  });

  it('does not send a verification whose code has expired meanwhile', () => {
    const s = subscriber({
      contacts: [{ channel: 'email', address: 'a@example.vn', verifiedAt: null, optedOutAt: null }],
    });
    const late = {
      channel: 'email',
      kind: 'verification',
      expiresAt: '2026-03-02T05:00:00Z',
    } as const;
    expect(decideSend(late, s, new Date('2026-03-02T05:00:00Z'))).toEqual({
      action: 'suppress',
      reason: 'expired',
    });
    expect(decideSend(late, s, new Date('2026-03-02T04:59:00Z')).action).toBe('send');
  });

  it('sends a verification to an unverified contact, even in quiet hours', () => {
    const s = subscriber({
      contacts: [{ channel: 'email', address: 'a@example.vn', verifiedAt: null, optedOutAt: null }],
      quietHours: { start: '14:00', end: '16:00', timeZone: 'Asia/Ho_Chi_Minh' },
    });
    expect(decideSend({ channel: 'email', kind: 'verification' }, s, afternoon).action).toBe(
      'send',
    );
  });

  it('defers to the end of quiet hours on waking channels, not in-app', () => {
    const s = subscriber({
      quietHours: { start: '14:00', end: '16:00', timeZone: 'Asia/Ho_Chi_Minh' },
      contacts: [
        { channel: 'email', address: 'a@example.vn', verifiedAt: at, optedOutAt: null },
        { channel: 'in_app', address: 'u-1', verifiedAt: at, optedOutAt: null },
      ],
    });
    expect(decideSend(email, s, afternoon)).toEqual({
      action: 'defer',
      until: new Date('2026-11-27T09:00:00Z'),
    });
    expect(decideSend({ channel: 'in_app', kind: 'event' }, s, afternoon).action).toBe('send');
  });
});

describe('afterFailure', () => {
  const now = new Date('2026-11-27T00:00:00Z');
  it('retries on the backoff schedule, then fails for good', () => {
    expect(afterFailure(1, false, DEFAULT_DELIVERY_RULES, now)).toEqual({
      final: false,
      retryAt: new Date(now.getTime() + 30_000),
    });
    expect(afterFailure(4, false, DEFAULT_DELIVERY_RULES, now)).toEqual({
      final: false,
      retryAt: new Date(now.getTime() + 3_600_000),
    });
    expect(afterFailure(5, false, DEFAULT_DELIVERY_RULES, now)).toEqual({ final: true });
  });

  it('fails a permanent rejection at once, and honours a longer Retry-After', () => {
    expect(afterFailure(1, true, DEFAULT_DELIVERY_RULES, now)).toEqual({ final: true });
    expect(afterFailure(1, false, DEFAULT_DELIVERY_RULES, now, 90_000)).toEqual({
      final: false,
      retryAt: new Date(now.getTime() + 90_000),
    });
  });
});

describe('daily digests', () => {
  const zone = 'Asia/Ho_Chi_Minh';
  it('puts an event in today’s digest before the send time and tomorrow’s after it', () => {
    expect(digestDay(new Date('2026-11-27T08:00:00Z'), '18:00', zone)).toBe('2026-11-27');
    expect(digestDay(new Date('2026-11-27T11:30:00Z'), '18:00', zone)).toBe('2026-11-28');
  });

  it('makes today’s digest due at the send time, yesterday’s before it', () => {
    expect(dueDigestDay(new Date('2026-11-27T10:59:00Z'), '18:00', zone)).toBe('2026-11-26');
    expect(dueDigestDay(new Date('2026-11-27T11:00:00Z'), '18:00', zone)).toBe('2026-11-27');
  });
});

it('keys a delivery by event, subscriber and channel', () => {
  expect(deliveryId('e-1', 's-1', 'sms')).toBe('e-1:s-1:sms');
});
