import type { JetStreamClient } from '@nats-io/jetstream';
import type { BusNames } from '@pcn/events';
import type { Logger } from '@pcn/platform';
import { LiveEventHub } from './live-event-feed.js';

/** An in-app notification was put in someone's inbox; the inbox item's id is the delivery id. */
export interface InAppDelivered {
  deliveryId: string;
  /** Absent on events from before the field existed: the owner is then found by asking. */
  subscriberId: string | undefined;
  /** The inbox's owner; when present, no lookup is needed. */
  recipientUserId: string | undefined;
}

const DELIVERED = 'pcn.notification.v1.NotificationDelivered';

/**
 * Feeds `notificationAdded` subscriptions: one ordered consumer per gateway process on the
 * NOTIFICATION stream's NotificationDelivered events hands each in-app delivery to every live
 * subscription, which keeps only its own caller's (by subscriber id, then the inbox's owner check).
 */
export class NotificationEventHub extends LiveEventHub {
  constructor(js: JetStreamClient, names: BusNames, logger: Logger) {
    super({
      js,
      stream: names.stream('notification'),
      filterSubject: names.subjectFor(DELIVERED),
      logger,
      what: 'notification',
    });
  }

  /** In-app deliveries until the caller stops iterating (the SSE connection closes). */
  subscribe(): AsyncIterableIterator<InAppDelivered> {
    return this.feed.subscribe((event) => {
      if (event.type !== DELIVERED) return undefined;
      const data = event.data as {
        deliveryId: string;
        subscriberId?: string;
        recipientUserId?: string;
        channel: string;
      };
      if (data.channel !== 'in_app') return undefined;
      return {
        deliveryId: data.deliveryId,
        subscriberId: data.subscriberId,
        recipientUserId: data.recipientUserId,
      };
    });
  }
}
