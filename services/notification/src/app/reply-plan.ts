import type { EventData, EventEnvelope, EventType } from '@pcn/events';
import { newDelivery } from './delivery-policy.js';
import type { Channel, ContactPoint, Delivery } from './notification.model.js';

/**
 * Messages to the one person who sent a comment: a receipt when the feedback service took it in,
 * and later the answer, on the channel they came from. Unlike fan-out there is no audience: the
 * event names its recipient (`replyTo`), who need not be a subscriber. Pure: the consumer reads the
 * partner's webhook subscriber and commits what this plans.
 */

export const REPLY_EVENTS = {
  'pcn.feedback.v1.FeedbackReceived': 'receipt',
  'pcn.feedback.v1.FeedbackAnswered': 'answer',
} as const satisfies Partial<Record<EventType, string>>;

export type ReplyEventType = keyof typeof REPLY_EVENTS;
export type ReplyKind = (typeof REPLY_EVENTS)[ReplyEventType];
export const REPLY_EVENT_TYPES = Object.keys(REPLY_EVENTS) as ReplyEventType[];

export function isReplyEvent(type: string): type is ReplyEventType {
  return Object.hasOwn(REPLY_EVENTS, type);
}

type ReplyData = EventData<ReplyEventType>;
export type ReplyTo = NonNullable<ReplyData['replyTo']>;

/**
 * A message to a comment's submitter, kept until it is sent. Its id makes it one receipt and one
 * answer per comment: a second event about the same comment (re-published with a new id) finds it
 * and sends nothing.
 */
export interface ReplyRecord {
  /** `receipt:<feedbackId>` or `answer:<feedbackId>`. */
  id: string;
  kind: ReplyKind;
  feedbackId: string;
  draftId: string;
  /** The event as received. Its `replyTo` is personal data: never logged, never in the log. */
  event: EventEnvelope;
  /** The one delivery of this reply (see `replyDeliveryId`). */
  deliveryId: string;
  createdAt: string;
  /** Set once the delivery is settled: the address is then dropped from `event` (data minimisation). */
  addressErasedAt?: string | null;
}

/**
 * The reply once its delivery is settled (sent, delivered, failed or suppressed): the record stays
 * as the once-per-comment guard, the address goes.
 */
export function forgetAddress<R extends ReplyRecord>(reply: R, at: string): R {
  return {
    ...reply,
    event: { ...reply.event, data: { ...(reply.event.data as object), replyTo: null } },
    addressErasedAt: at,
  };
}

export function replyId(kind: ReplyKind, feedbackId: string): string {
  return `${kind}:${feedbackId}`;
}

/** The notification channel a reply goes out on: a partner's user is reached through its webhook. */
export function replyChannel(replyTo: ReplyTo): Channel {
  return replyTo.channel === 'partner' ? 'webhook' : replyTo.channel;
}

/** `<eventId>:reply:<channel>`: also the provider's idempotency key (eSMS RequestId, PCN-Delivery-Id). */
export function replyDeliveryId(eventId: string, channel: Channel): string {
  return `${eventId}:reply:${channel}`;
}

/**
 * Who a reply's delivery is logged under: the partner's webhook subscriber, or for a person who is
 * not a subscriber, `reply:<eventId>` (never their address).
 */
export function replyRecipientId(eventId: string): string {
  return `reply:${eventId}`;
}

/**
 * The contact point a reply goes to, as a subscriber's would look: for a partner, its webhook
 * subscriber's own contact (with its secret) is used instead, so this holds only direct ones.
 */
export function replyContact(replyTo: ReplyTo): ContactPoint | null {
  const contact = (address: string): ContactPoint => ({
    channel: replyChannel(replyTo),
    address,
    verifiedAt: null,
    optedOutAt: null,
  });
  switch (replyTo.channel) {
    case 'sms':
      return contact(replyTo.phone);
    case 'zalo':
      return contact(replyTo.zaloUserId);
    case 'email':
      return contact(replyTo.email.toLowerCase());
    case 'in_app':
      return contact(replyTo.userId);
    case 'partner':
      return null;
  }
}

export type ReplyPlan =
  | { action: 'skip'; reason: 'no_reply_to' }
  | { action: 'reply'; reply: ReplyRecord; delivery: Delivery; queue: boolean };

/**
 * What a FeedbackReceived or FeedbackAnswered event asks for. No `replyTo` (a paper form, an
 * anonymous comment without a contact): nothing is recorded, there is nobody to tell. A partner's
 * user is told through the webhook its partner registered (`partnerSubscriberId`); without one
 * the delivery is logged as suppressed (`no_partner_webhook`), and nothing is queued.
 */
export function planReply(input: {
  event: EventEnvelope;
  type: ReplyEventType;
  /** For `replyTo.channel = partner`: the partner's active webhook subscriber, if it has one. */
  partnerSubscriberId: string | null;
  now: Date;
}): ReplyPlan {
  const { event, type, now } = input;
  const data = event.data as ReplyData;
  if (!data.replyTo) return { action: 'skip', reason: 'no_reply_to' };
  const kind = REPLY_EVENTS[type];
  const channel = replyChannel(data.replyTo);
  const at = now.toISOString();
  const partnerWithoutHook = data.replyTo.channel === 'partner' && !input.partnerSubscriberId;
  const subscriberId =
    data.replyTo.channel === 'partner' && input.partnerSubscriberId
      ? input.partnerSubscriberId
      : replyRecipientId(event.id);
  const delivery: Delivery = {
    ...newDelivery(
      {
        id: replyDeliveryId(event.id, channel),
        kind: 'event',
        sourceEventId: event.id,
        eventType: event.type,
        subscriberId,
        channel,
        // The submitter's, until a message is composed in the language it can be given in.
        language: data.language,
        replyId: replyId(kind, data.feedbackId),
      },
      at,
    ),
    ...(partnerWithoutHook && { state: 'suppressed', reason: 'no_partner_webhook' }),
  };
  return {
    action: 'reply',
    reply: {
      id: replyId(kind, data.feedbackId),
      kind,
      feedbackId: data.feedbackId,
      draftId: data.draftId,
      event,
      deliveryId: delivery.id,
      createdAt: at,
    },
    delivery,
    queue: !partnerWithoutHook,
  };
}
