import type { ErasureSubject } from '@pcn/service-kit';
import { normaliseEmail } from './contact-addresses.js';
import { contactLookupKeys } from './contact-keys.js';
import { normaliseVietnamesePhone } from './phone-number.js';

/**
 * Where a person's subscriptions are found, normalised as subscribe stores contacts: the contact
 * keys of an address (e-mail lower-cased, phones in E.164), or the owning user. An address that
 * does not normalise was never stored: it finds nothing.
 */
export function erasureLookup(
  subject: ErasureSubject,
): { contactKeys: string[] } | { userId: string } {
  switch (subject.kind) {
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
