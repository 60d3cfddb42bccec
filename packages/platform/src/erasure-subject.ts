import type { ops } from '@pcn/contracts';
import { InvalidArgumentError } from './errors.js';

/**
 * Whose personal data to erase (Law 91/2025), as the operator typed it. Each service normalises it
 * the way it stores it (phones to E.164, emails lower-cased), and never logs it. A partner's user
 * is known by the partner's API client id and the partner's own reference for them.
 */
export type ErasureSubject =
  | { kind: 'email'; value: string }
  | { kind: 'phone'; value: string }
  | { kind: 'zalo'; value: string }
  | { kind: 'user'; value: string }
  | { kind: 'partner'; clientId: string; externalRef: string };

export const MAX_ERASURE_SUBJECT = 320;
/** An API client id as the gateway issues them. */
export const PARTNER_CLIENT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;
/** As feedback intake bounds `submitter.externalRef`. */
export const MAX_EXTERNAL_REF = 128;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

function refused(field: string, description: string): InvalidArgumentError {
  return new InvalidArgumentError([{ field, description }]);
}

function partnerSubject(p: ops.PartnerUser): ErasureSubject {
  const clientId = p.clientId.trim();
  const externalRef = p.externalRef.trim();
  if (!PARTNER_CLIENT_ID.test(clientId))
    throw refused(
      'subject.partner_user.client_id',
      clientId === ''
        ? "is required: the partner's API client id"
        : "must be the partner's API client id: 1 to 64 lower-case letters, digits and dashes",
    );
  if (externalRef === '')
    throw refused(
      'subject.partner_user.external_ref',
      "is required: the partner's own reference for its user",
    );
  if (externalRef.length > MAX_EXTERNAL_REF)
    throw refused(
      'subject.partner_user.external_ref',
      `must be at most ${MAX_EXTERNAL_REF} characters`,
    );
  if (CONTROL.test(externalRef))
    throw refused('subject.partner_user.external_ref', 'must not contain control characters');
  return { kind: 'partner', clientId, externalRef };
}

/** The subject of an `ErasePersonalDataRequest`; refused when missing, blank, oversized or junk. */
export function erasureSubjectOf(request: ops.ErasePersonalDataRequest): ErasureSubject {
  const s = request.subject;
  if (s?.$case === 'partnerUser') return partnerSubject(s.value);
  if (!s || s.value.trim() === '')
    throw refused(
      'subject',
      'must be one of email, phone, zalo_user_id, user_id or partner_user (client_id and external_ref)',
    );
  if (s.value.length > MAX_ERASURE_SUBJECT)
    throw refused('subject', `must be at most ${MAX_ERASURE_SUBJECT} characters`);
  const kind = { email: 'email', phone: 'phone', zaloUserId: 'zalo', userId: 'user' } as const;
  return { kind: kind[s.$case], value: s.value.trim() };
}

/** The request that asks a service to erase `subject`. */
export function erasureRequestOf(
  subject: ErasureSubject,
  dryRun: boolean,
): ops.ErasePersonalDataRequest {
  if (subject.kind === 'partner')
    return {
      subject: {
        $case: 'partnerUser',
        value: { clientId: subject.clientId, externalRef: subject.externalRef },
      },
      dryRun,
    };
  const $case = ({ email: 'email', phone: 'phone', zalo: 'zaloUserId', user: 'userId' } as const)[
    subject.kind
  ];
  return { subject: { $case, value: subject.value }, dryRun };
}
