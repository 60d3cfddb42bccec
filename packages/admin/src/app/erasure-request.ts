import { createHmac } from 'node:crypto';
import {
  MAX_EXTERNAL_REF,
  PARTNER_CLIENT_ID,
  parseInput,
  type ErasureSubject,
} from '@pcn/platform';
import { z } from 'zod';
import type { ServiceErasure } from './erasure.ports.js';
import { ExitCode } from '../exit-codes.js';

const phone = z
  .string()
  .trim()
  .transform((v) => v.replace(/[\s.\-()]/g, ''))
  .pipe(
    z.string().regex(/^\+?\d{6,20}$/, 'must be a phone number, such as 0912345678 or +84912345678'),
  );

const erasureOptions = z
  .object({
    email: z.string().trim().max(254).pipe(z.email('must be an email address')).optional(),
    phone: phone.optional(),
    zalo: z
      .string()
      .trim()
      .regex(/^\d{1,32}$/, 'must be a Zalo user id: 1 to 32 digits')
      .optional(),
    user: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9._:-]{1,128}$/, 'must be a user id (letters, digits, . _ : -)')
      .optional(),
    partner: z
      .string()
      .trim()
      .regex(
        PARTNER_CLIENT_ID,
        "must be the partner's API client id: 1 to 64 lower-case letters, digits and dashes",
      )
      .optional(),
    externalRef: z
      .string()
      .trim()
      .min(1, "must be the partner's own reference for its user, not blank")
      .max(MAX_EXTERNAL_REF, `must be at most ${MAX_EXTERNAL_REF} characters`)
      // eslint-disable-next-line no-control-regex
      .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), 'must not contain control characters')
      .optional(),
  })
  .refine((o) => (o.partner === undefined) === (o.externalRef === undefined), {
    message: 'give --partner <clientId> and --external-ref <ref> together',
    path: ['externalRef'],
  })
  .refine(
    (o) =>
      [o.email, o.phone, o.zalo, o.user, o.partner].filter((v) => v !== undefined).length === 1,
    {
      message:
        'give exactly one of --email, --phone, --zalo, --user, --partner with --external-ref',
      path: ['subject'],
    },
  );

/** The one subject the options name; junk and zero or several subjects are refused (exit 2). */
export function erasureSubjectFrom(options: Record<string, unknown>): ErasureSubject {
  const o = parseInput(erasureOptions, {
    email: options['email'],
    phone: options['phone'],
    zalo: options['zalo'],
    user: options['user'],
    partner: options['partner'],
    externalRef: options['externalRef'],
  });
  if (o.partner !== undefined)
    return { kind: 'partner', clientId: o.partner, externalRef: o.externalRef ?? '' };
  if (o.email !== undefined) return { kind: 'email', value: o.email.toLowerCase() };
  if (o.phone !== undefined) return { kind: 'phone', value: o.phone };
  if (o.zalo !== undefined) return { kind: 'zalo', value: o.zalo };
  return { kind: 'user', value: o.user ?? '' };
}

/**
 * Vietnamese numbers in one form for the audit hash (`0912…`, `84912…` and `+84912…` are one
 * person); the services normalise with their own rules.
 */
function hashForm(subject: ErasureSubject): string {
  // Client ids hold no colon, so `<clientId>:<ref>` names one partner's user unambiguously.
  if (subject.kind === 'partner') return `${subject.clientId}:${subject.externalRef}`;
  if (subject.kind !== 'phone') return subject.value;
  const v = subject.value;
  if (v.startsWith('+')) return v;
  if (v.startsWith('84')) return `+${v}`;
  if (v.startsWith('0')) return `+84${v.slice(1)}`;
  return v;
}

/** A keyed hash of the subject: the audit can say "this person again" without holding them. */
export function subjectHash(subject: ErasureSubject, key: string): string {
  return createHmac('sha256', key)
    .update(`pcn-erasure\n${subject.kind}:${hashForm(subject)}`)
    .digest('hex');
}

/**
 * 4 when a service could not be reached, else 1 when one failed or refused (the last network
 * admin: nothing was erased), else 0.
 */
export function erasureExitCode(results: readonly ServiceErasure[]): ExitCode {
  if (results.some((r) => r.outcome === 'unreachable')) return ExitCode.Unreachable;
  if (results.some((r) => r.outcome === 'failed' || r.outcome === 'refused'))
    return ExitCode.Failed;
  return ExitCode.Ok;
}
