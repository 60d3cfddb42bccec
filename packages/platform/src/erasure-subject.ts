import type { ops } from '@pcn/contracts';
import { InvalidArgumentError } from './errors.js';

/**
 * Whose personal data to erase (Law 91/2025), as the operator typed it. Each service normalises it
 * the way it stores it (phones to E.164, emails lower-cased), and never logs it.
 */
export type ErasureSubject =
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'zalo'; value: string }
  | { kind: 'user'; value: string };

export const MAX_ERASURE_SUBJECT = 320;

/** The subject of an `ErasePersonalDataRequest`; refused when missing, blank or oversized. */
export function erasureSubjectOf(request: ops.ErasePersonalDataRequest): ErasureSubject {
  const s = request.subject;
  if (!s || s.value.trim() === '')
    throw new InvalidArgumentError([
      { field: 'subject', description: 'must be one of email, phone, zalo_user_id or user_id' },
    ]);
  if (s.value.length > MAX_ERASURE_SUBJECT)
    throw new InvalidArgumentError([
      { field: 'subject', description: `must be at most ${MAX_ERASURE_SUBJECT} characters` },
    ]);
  const kind = { email: 'email', phone: 'phone', zaloUserId: 'zalo', userId: 'user' } as const;
  return { kind: kind[s.$case], value: s.value.trim() };
}
