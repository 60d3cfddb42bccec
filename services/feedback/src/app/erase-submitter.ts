import type { ErasureSubject } from '@pcn/service-kit';
import type { FeedbackRecord } from './feedback.model.js';
import { maskPersonalData } from './mask-personal-data.js';
import { normaliseContact } from './submitter.js';

/** A person as comments hold them, normalised as intake stores contacts. */
export type ErasureTarget =
  | { kind: 'contact'; channel: 'sms' | 'email' | 'zalo'; address: string }
  | { kind: 'user'; userId: string }
  | { kind: 'none' };

/** The stored form of the subject; one that does not normalise was never stored. */
export function erasureTarget(subject: ErasureSubject): ErasureTarget {
  if (subject.kind === 'user') return { kind: 'user', userId: subject.value };
  const channel = subject.kind === 'phone' ? 'sms' : subject.kind;
  const contact = normaliseContact({ channel, address: subject.value }, 'subject');
  return 'address' in contact
    ? { kind: 'contact', channel: contact.channel, address: contact.address }
    : { kind: 'none' };
}

/** Whether a comment holds this person's data: as its submitter, contact, reply address or owner. */
export function heldBy(record: FeedbackRecord, target: ErasureTarget): boolean {
  const { submitter, replyTo } = record;
  switch (target.kind) {
    case 'none':
      return false;
    case 'user':
      return (
        submitter.userId === target.userId ||
        record.ownerKey === `user:${target.userId}` ||
        (replyTo?.channel === 'in_app' && replyTo.userId === target.userId)
      );
    case 'contact': {
      const same = (address: string) =>
        target.channel === 'email'
          ? address.toLowerCase() === target.address
          : address === target.address;
      if (submitter.contact?.channel === target.channel && same(submitter.contact.address))
        return true;
      if (!replyTo) return false;
      if (replyTo.channel === 'sms' && target.channel === 'sms') return same(replyTo.phone);
      if (replyTo.channel === 'email' && target.channel === 'email') return same(replyTo.email);
      if (replyTo.channel === 'zalo' && target.channel === 'zalo') return same(replyTo.zaloUserId);
      return false;
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
