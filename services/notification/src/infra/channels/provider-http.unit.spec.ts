import { describe, expect, it } from 'vitest';
import { deliveryMessageId, messageIdDomain } from './email-smtp.channel.js';
import { fetchFailure, parseRetryAfter, vietnameseMsisdn } from './provider-http.js';

describe('provider HTTP helpers', () => {
  it('read Retry-After as seconds or a date, capped and never negative', () => {
    const now = Date.parse('2026-11-20T08:00:00Z');
    expect(parseRetryAfter('120', 600_000, now)).toBe(120_000);
    expect(parseRetryAfter('999999', 600_000, now)).toBe(600_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 08:00:30 GMT', 600_000, now)).toBe(30_000);
    expect(parseRetryAfter('Fri, 20 Nov 2026 07:00:00 GMT', 600_000, now)).toBe(0);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter('-5')).toBeUndefined();
  });

  it('name only the error code of a network failure', () => {
    const refused = new TypeError('fetch failed', {
      cause: Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), {
        code: 'ECONNREFUSED',
      }),
    });
    expect(fetchFailure(refused)).toEqual({ status: 'retry', reason: 'network ECONNREFUSED' });
    expect(fetchFailure(new DOMException('timed out', 'TimeoutError'))).toEqual({
      status: 'retry',
      reason: 'timeout',
    });
    expect(fetchFailure('weird')).toEqual({ status: 'retry', reason: 'network error' });
  });

  it('turn Vietnamese E.164 numbers into the 84… form and refuse others', () => {
    expect(vietnameseMsisdn('+84912345678')).toBe('84912345678');
    expect(vietnameseMsisdn('+842438253535')).toBe('842438253535');
    expect(vietnameseMsisdn('0912345678')).toBeNull();
    expect(vietnameseMsisdn('+14155550100')).toBeNull();
  });
});

describe('email Message-IDs', () => {
  it('come from the delivery id and the sender domain, valid and stable', () => {
    expect(messageIdDomain('no-reply@PCN.example.vn')).toBe('pcn.example.vn');
    expect(messageIdDomain('"Cổng PCN" <no-reply@pcn.example.vn>')).toBe('pcn.example.vn');
    expect(messageIdDomain('nobody')).toBe('pcn.local');
    const id = deliveryMessageId('digest:2026-11-20:sub-1:email', 'pcn.example.vn');
    expect(id).toBe('<digest%3A2026-11-20%3Asub-1%3Aemail@pcn.example.vn>');
    expect(deliveryMessageId('a b/ệ', 'x.vn')).toBe('<a%20b%2F%E1%BB%87@x.vn>');
    // Distinct ids stay distinct: `%` itself is encoded.
    expect(deliveryMessageId('a%3A', 'x.vn')).not.toBe(deliveryMessageId('a:', 'x.vn'));
  });
});
