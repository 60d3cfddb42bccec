import { EVENTS_WITH_PERSONAL_DATA } from '@pcn/events';
import type { ErasureSubject } from '@pcn/service-kit';
import type { FeedbackRecord, ReplyTo } from './feedback.model.js';
import { maskPersonalData } from './mask-personal-data.js';
import { normaliseContact } from './submitter.js';

/** A person as comments hold them, normalised as intake stores contacts. */
export type ErasureTarget =
  | { kind: 'contact'; channel: 'sms' | 'email' | 'zalo'; address: string }
  | { kind: 'user'; userId: string }
  | { kind: 'partner'; clientId: string; externalRef: string }
  | { kind: 'none' };

/** The stored form of the subject; one that does not normalise was never stored. */
export function erasureTarget(subject: ErasureSubject): ErasureTarget {
  if (subject.kind === 'user') return { kind: 'user', userId: subject.value };
  // Intake stores the reference trimmed, as the subject already is.
  if (subject.kind === 'partner')
    return { kind: 'partner', clientId: subject.clientId, externalRef: subject.externalRef };
  const channel = subject.kind === 'phone' ? 'sms' : subject.kind;
  const contact = normaliseContact({ channel, address: subject.value }, 'subject');
  return 'address' in contact
    ? { kind: 'contact', channel: contact.channel, address: contact.address }
    : { kind: 'none' };
}

/** Whether a reply address is this person's. */
function replyToHeldBy(replyTo: ReplyTo | null, target: ErasureTarget): boolean {
  if (!replyTo) return false;
  switch (target.kind) {
    case 'none':
      return false;
    case 'user':
      return replyTo.channel === 'in_app' && replyTo.userId === target.userId;
    case 'partner':
      return (
        replyTo.channel === 'partner' &&
        replyTo.clientId === target.clientId &&
        replyTo.externalRef === target.externalRef
      );
    case 'contact':
      if (replyTo.channel === 'sms' && target.channel === 'sms')
        return replyTo.phone === target.address;
      if (replyTo.channel === 'email' && target.channel === 'email')
        return replyTo.email.toLowerCase() === target.address;
      if (replyTo.channel === 'zalo' && target.channel === 'zalo')
        return replyTo.zaloUserId === target.address;
      return false;
  }
}

/**
 * Whether a published event carries this person's data: the catalogue's events with personal
 * data (FeedbackReceived, FeedbackAnswered) do, in `replyTo`; `data` is as it sits on the stream,
 * unchecked, so anything unexpected holds nothing.
 */
export function eventHeldBy(type: string, data: unknown, target: ErasureTarget): boolean {
  if (!(EVENTS_WITH_PERSONAL_DATA as readonly string[]).includes(type)) return false;
  const replyTo = (data as { replyTo?: unknown } | null)?.replyTo;
  if (typeof replyTo !== 'object' || replyTo === null) return false;
  const r = replyTo as Record<string, unknown>;
  const text = (k: string) => (typeof r[k] === 'string' ? r[k] : '');
  switch (text('channel')) {
    case 'sms':
      return replyToHeldBy({ channel: 'sms', phone: text('phone') }, target);
    case 'email':
      return replyToHeldBy({ channel: 'email', email: text('email') }, target);
    case 'zalo':
      return replyToHeldBy({ channel: 'zalo', zaloUserId: text('zaloUserId') }, target);
    case 'in_app':
      return replyToHeldBy({ channel: 'in_app', userId: text('userId') }, target);
    case 'partner':
      return replyToHeldBy(
        { channel: 'partner', clientId: text('clientId'), externalRef: text('externalRef') },
        target,
      );
    default:
      return false;
  }
}

/** Whether a comment holds this person's data: as its submitter, contact, reply address or owner. */
export function heldBy(record: FeedbackRecord, target: ErasureTarget): boolean {
  const { submitter, replyTo } = record;
  if (replyToHeldBy(replyTo, target)) return true;
  switch (target.kind) {
    case 'none':
      return false;
    case 'partner':
      return (
        (submitter.clientId === target.clientId && submitter.externalRef === target.externalRef) ||
        record.ownerKey === `partner:${target.clientId}:${target.externalRef}`
      );
    case 'user':
      return submitter.userId === target.userId || record.ownerKey === `user:${target.userId}`;
    case 'contact': {
      const same = (address: string) =>
        target.channel === 'email'
          ? address.toLowerCase() === target.address
          : address === target.address;
      return submitter.contact?.channel === target.channel && same(submitter.contact.address);
    }
  }
}

/**
 * The comment without its submitter's personal data. The text, stance, article, unit, channel,
 * state, group and answer stay: the consultation record (and its synthesis) counts the comment.
 * The text is kept masked (emails, phones, citizen ids), since people write their contact into
 * it; names written in free text cannot be found reliably and stay. The organisation's name is
 * not personal data and stays; the partner system's id stays, its reference for its user goes.
 */
export function eraseSubmitter<T extends FeedbackRecord>(record: T, at: string): T {
  return {
    ...record,
    text: maskPersonalData(record.text),
    submitter: {
      ...record.submitter,
      userId: null,
      externalRef: null,
      name: null,
      contact: null,
    },
    demographics: null,
    replyTo: null,
    ownerKey: null,
    erasedAt: at,
  };
}
