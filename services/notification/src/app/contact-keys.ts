import type { ContactPoint } from './notification.model.js';

/**
 * Keys that say when two contact points are the same, and when two messages land in the same
 * place. Addresses arrive already normalised by subscriber-input.ts (E.164 phones, ASCII domains,
 * canonical URLs); these keys go one step further where mail systems do.
 */

type Contact = Pick<ContactPoint, 'channel' | 'address'>;

/**
 * The contact as one thing, however it was spelled: mail systems ignore case in practice, so an
 * e-mail address is lower-cased whole (`Victim@x.vn` = `victim@x.vn`). Subscribers are found by
 * it (resuming a sign-up, SMS STOP) and the per-contact code cap counts by it.
 */
export function contactKey(contact: Contact): string {
  const address = contact.channel === 'email' ? contact.address.toLowerCase() : contact.address;
  return `${contact.channel}:${address}`;
}

/**
 * The key stored before e-mail keys were lower-cased whole (only the domain was), so that
 * subscribers stored then are still found by the spelling they were stored with.
 */
export function storedContactKey(contact: Contact): string {
  return `${contact.channel}:${contact.address}`;
}

/** Every key a contact may be stored under: the normalised one first. */
export function contactLookupKeys(contact: Contact): string[] {
  return [...new Set([contactKey(contact), storedContactKey(contact)])];
}

/**
 * Where a message really lands, which several contacts can share: one mailbox receives every
 * `+tag` spelling of an address (RFC 5233 sub-addressing), one webhook host every path and port of
 * its URLs. Phone numbers and Zalo ids are their own destination. The per-destination cap counts by
 * this, across all subscribers.
 */
export function destinationKey(contact: Contact): string {
  switch (contact.channel) {
    case 'email': {
      const address = contact.address.toLowerCase();
      const at = address.lastIndexOf('@');
      const local = address.slice(0, at);
      const plus = local.indexOf('+');
      const mailbox = plus > 0 ? local.slice(0, plus) : local;
      return `email:${mailbox}${address.slice(at)}`;
    }
    case 'webhook': {
      try {
        return `webhook:${new URL(contact.address).hostname}`;
      } catch {
        return contactKey(contact);
      }
    }
    default:
      return contactKey(contact);
  }
}
