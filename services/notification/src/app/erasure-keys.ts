import type { ErasureSubject } from '@pcn/service-kit';
import { normaliseEmail } from './contact-addresses.js';
import { contactLookupKeys } from './contact-keys.js';
import { normaliseVietnamesePhone } from './phone-number.js';
import type { ReplyTo } from './reply-plan.js';

/**
 * Where a person's subscriptions are found, normalised as subscribe stores contacts: the contact
 * keys of an address (e-mail lower-cased, phones in E.164), or the owning user. An address that
 * does not normalise was never stored: it finds nothing.
 */
export function erasureLookup(
  subject: ErasureSubject,
): { contactKeys: string[] } | { userId: string } {
  switch (subject.kind) {
    case 'partner':
      // A partner's user never subscribes here; their partner's webhook subscriber is not theirs.
      return { contactKeys: [] };
    case 'email': {
      const r = normaliseEmail(subject.value);
      return {
        contactKeys: r.ok ? contactLookupKeys({ channel: 'email', address: r.address }) : [],
      };
    }
    case 'phone': {
      const r = normaliseVietnamesePhone(subject.value);
      return { contactKeys: r.ok ? contactLookupKeys({ channel: 'sms', address: r.e164 }) : [] };
    }
    case 'zalo':
      return {
        contactKeys: /^\d{1,32}$/.test(subject.value)
          ? contactLookupKeys({ channel: 'zalo', address: subject.value })
          : [],
      };
    case 'user':
      return { userId: subject.value };
  }
}

/**
 * Whether a reply's address (the catalogue's `replyTo`, as FeedbackReceived and FeedbackAnswered
 * carried it) is the subject's, compared in the forms intake and subscribe store.
 */
export function replyHeldBy(replyTo: ReplyTo | null, subject: ErasureSubject): boolean {
  if (!replyTo) return false;
  switch (subject.kind) {
    case 'email': {
      const r = normaliseEmail(subject.value);
      return (
        r.ok &&
        replyTo.channel === 'email' &&
        replyTo.email.toLowerCase() === r.address.toLowerCase()
      );
    }
    case 'phone': {
      const r = normaliseVietnamesePhone(subject.value);
      return r.ok && replyTo.channel === 'sms' && replyTo.phone === r.e164;
    }
    case 'zalo':
      return replyTo.channel === 'zalo' && replyTo.zaloUserId === subject.value;
    case 'user':
      return replyTo.channel === 'in_app' && replyTo.userId === subject.value;
    case 'partner':
      return (
        replyTo.channel === 'partner' &&
        replyTo.clientId === subject.clientId &&
        replyTo.externalRef === subject.externalRef
      );
  }
}
