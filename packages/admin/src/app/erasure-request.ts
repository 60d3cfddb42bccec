import { createHmac } from 'node:crypto';
import { parseInput, type ErasureSubject } from '@pcn/platform';
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
  })
  .refine((o) => [o.email, o.phone, o.zalo, o.user].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of --email, --phone, --zalo, --user',
    path: ['subject'],
  });

/** The one subject the options name; junk and zero or several subjects are refused (exit 2). */
export function erasureSubjectFrom(options: Record<string, unknown>): ErasureSubject {
  const o = parseInput(erasureOptions, {
    email: options['email'],
    phone: options['phone'],
    zalo: options['zalo'],
    user: options['user'],
  });
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

/** 4 when a service could not be reached, else 1 when one failed, else 0. */
export function erasureExitCode(results: readonly ServiceErasure[]): ExitCode {
  if (results.some((r) => r.outcome === 'unreachable')) return ExitCode.Unreachable;
  if (results.some((r) => r.outcome === 'failed')) return ExitCode.Failed;
  return ExitCode.Ok;
}
