import type { BusNames, EventEnvelope } from '@pcn/events';
import type { Logger } from '@pcn/platform';
import type { Transaction } from '@pcn/storage';
import type { Delivery } from '../app/notification.model.js';
import type { SubscriberRecord } from '../app/notification.ports.js';
import {
  forgetAddress,
  planReply,
  type ReplyEventType,
  type ReplyRecord,
  type ReplyTo,
} from '../app/reply-plan.js';
import {
  deliveriesCollection,
  repliesCollection,
  subscribersCollection,
} from './notification.collections.js';
import { queueDeliveries } from './notification.repository.js';

/**
 * The partner's webhook for replies to its users: among the subscribers its API client made, the
 * most recently changed one with a verified webhook that is neither opted out nor disabled.
 */
async function partnerWebhook(tx: Transaction, clientId: string): Promise<string | null> {
  const page = await tx
    .collection<SubscriberRecord>(subscribersCollection)
    .find({ filter: { client_id: clientId }, limit: 100 });
  const usable = page.items.filter((s) =>
    s.contacts.some(
      (c) => c.channel === 'webhook' && c.verifiedAt && !c.optedOutAt && !c.disabledAt,
    ),
  );
  usable.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id.localeCompare(a.id));
  return usable[0]?.id ?? null;
}

/**
 * Records the receipt or answer a FeedbackReceived or FeedbackAnswered event asks for, in the
 * consumer's transaction (the inbox makes it once per event id): the reply with its delivery, put
 * on the channel's queue through the outbox. A second event about the same comment (re-published
 * with a new id) finds the reply already recorded and sends nothing. Logs ids only: `replyTo` is
 * personal data.
 */
export async function recordReply(
  tx: Transaction,
  event: EventEnvelope,
  type: ReplyEventType,
  deps: { names: BusNames; now: Date; redriveAfterMs: number; logger: Logger },
): Promise<void> {
  const replyTo = (event.data as { replyTo: ReplyTo | null }).replyTo;
  const partnerSubscriberId =
    replyTo?.channel === 'partner' ? await partnerWebhook(tx, replyTo.clientId) : null;
  const plan = planReply({ event, type, partnerSubscriberId, now: deps.now });
  const feedbackId = (event.data as { feedbackId: string }).feedbackId;
  if (plan.action === 'skip') {
    // Nobody to tell (a paper form, a comment without a contact): the feedback service has it.
    deps.logger.debug({ eventId: event.id, feedbackId, reason: plan.reason }, 'no reply to send');
    return;
  }
  const replies = tx.collection<ReplyRecord>(repliesCollection);
  if (await replies.get(plan.reply.id)) {
    deps.logger.info(
      { eventId: event.id, feedbackId, reply: plan.reply.kind },
      'this comment was already given its reply; nothing sent',
    );
    return;
  }
  if (plan.queue) {
    await replies.insert(plan.reply);
    await queueDeliveries(tx, deps.names, [plan.delivery], deps.redriveAfterMs);
  } else {
    // Settled at once (not possible): kept as the guard, without the address.
    await replies.insert(forgetAddress(plan.reply, deps.now.toISOString()));
    await tx.collection<Delivery>(deliveriesCollection).insert(plan.delivery);
  }
  deps.logger.info(
    {
      eventId: event.id,
      feedbackId,
      reply: plan.reply.kind,
      channel: plan.delivery.channel,
      deliveryId: plan.delivery.id,
      ...(plan.delivery.reason && { reason: plan.delivery.reason }),
    },
    plan.queue ? 'reply queued' : 'reply not possible',
  );
}
