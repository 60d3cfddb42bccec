import { createHmac } from 'node:crypto';
import { decideSend, QUIET_CHANNELS, type SendDecision } from './delivery-policy.js';
import type { Delivery, Subscriber } from './notification.model.js';
import { isQuiet, nextAllowed, DEFAULT_TIME_ZONE, type QuietHours } from './quiet-hours.js';
import { replyContact, type ReplyRecord, type ReplyTo } from './reply-plan.js';

/**
 * The night in which answers wait, on the channels that wake people (SMS, Zalo, e-mail), in
 * Vietnam's time: an answer is published when the agency gets to it, perhaps late at night. A
 * receipt is sent at once: it answers what the person has just done.
 */
export const REPLY_QUIET_HOURS: QuietHours = {
  start: '21:00',
  end: '07:00',
  timeZone: DEFAULT_TIME_ZONE,
};

/**
 * The key of an address's refusal of replies (SMS STOP from a number, subscribed or not): a keyed
 * hash of the contact key, so the list holds no phone number.
 */
export function replyOptOutId(secret: string, contactKey: string): string {
  return createHmac('sha256', secret).update(`reply-opt-out:${contactKey}`).digest('hex');
}

/**
 * What to do with a reply now, decided again at each attempt. A partner's user is reached through
 * the partner's webhook subscriber, under the rules of any delivery to it (opted out, disabled,
 * unverified). A direct reply goes to an address that need not be verified (the person gave it with
 * their comment) unless that address refused PCN's messages on that channel (`optedOut`: an SMS
 * STOP, or a subscription with it opted out). In-app items are the user's own inbox.
 */
export function decideReply(input: {
  delivery: Pick<Delivery, 'channel' | 'kind'>;
  reply: Pick<ReplyRecord, 'kind' | 'event'>;
  /** The partner's webhook subscriber as it is now (partner replies only). */
  partner: Subscriber | null;
  optedOut: boolean;
  now: Date;
}): SendDecision {
  const replyTo = (input.reply.event.data as { replyTo: ReplyTo | null }).replyTo;
  if (!replyTo) return { action: 'suppress', reason: 'no_reply_to' };
  if (replyTo.channel === 'partner') return decideSend(input.delivery, input.partner, input.now);
  const contact = replyContact(replyTo);
  if (!contact) return { action: 'suppress', reason: 'no_contact' };
  if (contact.channel === 'in_app') return { action: 'send', contact };
  if (input.optedOut) return { action: 'suppress', reason: 'opted_out' };
  if (
    input.reply.kind === 'answer' &&
    QUIET_CHANNELS.has(contact.channel) &&
    isQuiet(REPLY_QUIET_HOURS, input.now)
  )
    return { action: 'defer', until: nextAllowed(REPLY_QUIET_HOURS, input.now) };
  return { action: 'send', contact };
}
