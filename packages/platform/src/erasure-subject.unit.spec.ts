import { describe, expect, it } from 'vitest';
import { erasureRequestOf, erasureSubjectOf } from './erasure-subject.js';
import { InvalidArgumentError } from './errors.js';

const partner = (clientId: string, externalRef: string) => ({
  subject: { $case: 'partnerUser' as const, value: { clientId, externalRef } },
  dryRun: false,
});

describe('erasureSubjectOf', () => {
  it('takes a partner user by client id and reference, trimmed', () => {
    expect(erasureSubjectOf(partner(' portal-lc ', ' citizen 7 '))).toEqual({
      kind: 'partner',
      clientId: 'portal-lc',
      externalRef: 'citizen 7',
    });
    expect(
      erasureSubjectOf({ subject: { $case: 'email', value: ' a@b.vn ' }, dryRun: true }),
    ).toEqual({ kind: 'email', value: 'a@b.vn' });
  });

  it('refuses a missing, empty, oversized or junk subject, naming the field and what to give', () => {
    const cases: [Parameters<typeof erasureSubjectOf>[0], RegExp][] = [
      [{ subject: undefined, dryRun: false }, /^subject: must be one of .*partner_user/],
      [{ subject: { $case: 'email', value: '  ' }, dryRun: false }, /^subject: must be one of/],
      [{ subject: { $case: 'email', value: 'a'.repeat(321) }, dryRun: false }, /at most 320/],
      [partner('', 'c-7'), /^subject\.partner_user\.client_id: is required/],
      [partner('Portal LC', 'c-7'), /client_id: must be the partner's API client id/],
      [partner('p'.repeat(65), 'c-7'), /client_id: must be/],
      [partner('portal', ''), /^subject\.partner_user\.external_ref: is required/],
      [partner('portal', '   '), /external_ref: is required/],
      [partner('portal', 'r'.repeat(129)), /external_ref: must be at most 128 characters/],
      [partner('portal', 'c-7\r\nX-Injected: 1'), /external_ref: must not contain control/],
    ];
    for (const [request, message] of cases) {
      let error: unknown;
      try {
        erasureSubjectOf(request);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(request).slice(0, 80)).toBeInstanceOf(InvalidArgumentError);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('round-trips through the request the CLI sends', () => {
    for (const subject of [
      { kind: 'partner', clientId: 'portal', externalRef: 'c-7' },
      { kind: 'phone', value: '+84912345678' },
      { kind: 'user', value: 'user-1' },
    ] as const)
      expect(erasureSubjectOf(erasureRequestOf(subject, true))).toEqual(subject);
  });
});
