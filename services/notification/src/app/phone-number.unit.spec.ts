import { describe, expect, it } from 'vitest';
import { normaliseVietnamesePhone } from './phone-number.js';

describe('Vietnamese phone numbers to E.164', () => {
  it.each([
    ['0912 345 678', '+84912345678', 'mobile'],
    ['091.234.5678', '+84912345678', 'mobile'],
    ['+84 912 345 678', '+84912345678', 'mobile'],
    ['84912345678', '+84912345678', 'mobile'],
    ['0084912345678', '+84912345678', 'mobile'],
    ['+84 0912345678', '+84912345678', 'mobile'],
    ['(0214) 3820 123', '+842143820123', 'fixed'],
    ['0386-123-456', '+84386123456', 'mobile'],
  ])('normalises %s', (input, e164, kind) => {
    expect(normaliseVietnamesePhone(input)).toEqual({ ok: true, e164, kind });
  });

  it.each([
    ['+1 415 555 0100', 'not_vietnamese'],
    ['0044 20 7946 0958', 'not_vietnamese'],
    ['091234567', 'wrong_length'],
    ['09123456789', 'wrong_length'],
    ['0112345678', 'unknown_prefix'],
    ['0612345678', 'unknown_prefix'],
    ['abc', 'malformed'],
    ['', 'malformed'],
    ['0912345678; DROP TABLE', 'malformed'],
    ['9'.repeat(40), 'malformed'],
  ])('refuses %s (%s)', (input, reason) => {
    expect(normaliseVietnamesePhone(input)).toEqual({ ok: false, reason });
  });
});
