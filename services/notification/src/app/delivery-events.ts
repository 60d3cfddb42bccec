import type { EventEnvelope, EventFactory } from '@pcn/events';
import type { Delivery } from './notification.model.js';

/** `NotificationDelivered` for a delivery; in-app ones name the inbox's owner. */
export function deliveredEvent(
  events: EventFactory,
  d: Pick<Delivery, 'id' | 'sourceEventId' | 'subscriberId' | 'channel'>,
  at: string,
  recipientUserId?: string,
): EventEnvelope {
  return events.create('pcn.notification.v1.NotificationDelivered', d.id, {
    deliveryId: d.id,
    sourceEventId: d.sourceEventId,
    subscriberId: d.subscriberId,
    ...(recipientUserId !== undefined && { recipientUserId }),
    channel: d.channel,
    deliveredAt: at,
  });
}

/** `NotificationFailed` for a delivery that will not be tried again. */
export function failedEvent(
  events: EventFactory,
  d: Pick<Delivery, 'id' | 'sourceEventId' | 'subscriberId' | 'channel'>,
  attempts: number,
  reason: string,
): EventEnvelope {
  return events.create('pcn.notification.v1.NotificationFailed', d.id, {
    deliveryId: d.id,
    sourceEventId: d.sourceEventId,
    subscriberId: d.subscriberId,
    channel: d.channel,
    attempts: Math.max(1, attempts),
    reason: reason.slice(0, 1000),
  });
}
