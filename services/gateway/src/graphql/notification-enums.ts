import { notification as pb } from '@pcn/contracts';
import type {
  DeliveryKind,
  DeliveryState,
  DigestMode,
  NotificationChannel,
  SubscriberKind,
  SubscriberStatus,
  TopicKind,
} from './generated/resolvers-types.js';

/**
 * A GraphQL enum and the notification service's proto enum, read both ways from one table. GraphQL
 * has already checked what a client sent, so every value going out has a proto value; a proto
 * value coming back that this gateway does not know is the service's fault, not the client's.
 */
export class NotificationEnum<G extends string, P extends number> {
  readonly #name: string;
  readonly #toPb: Readonly<Record<G, P>>;
  readonly #fromPb: ReadonlyMap<number, G>;

  constructor(name: string, table: Record<G, P>) {
    this.#name = name;
    this.#toPb = Object.freeze({ ...table });
    this.#fromPb = new Map(Object.entries<P>(table).map(([g, p]) => [p, g as G]));
  }

  toPb(value: G): P {
    return this.#toPb[value];
  }

  /** A value the service must set. */
  fromPb(value: P): G {
    const g = this.#fromPb.get(value);
    if (g === undefined)
      throw new Error(`notification service answered with ${this.#name} ${String(value)}`);
    return g;
  }

  /** A value the service leaves unspecified when there is none. */
  optionalFromPb(value: P): G | null {
    return value === 0 ? null : this.fromPb(value);
  }
}

export const CHANNEL = new NotificationEnum<NotificationChannel, pb.Channel>('channel', {
  EMAIL: pb.Channel.CHANNEL_EMAIL,
  SMS: pb.Channel.CHANNEL_SMS,
  ZALO: pb.Channel.CHANNEL_ZALO,
  WEBHOOK: pb.Channel.CHANNEL_WEBHOOK,
  IN_APP: pb.Channel.CHANNEL_IN_APP,
});

export const SUBSCRIBER_KIND = new NotificationEnum<SubscriberKind, pb.SubscriberKind>(
  'subscriber kind',
  {
    CITIZEN: pb.SubscriberKind.SUBSCRIBER_KIND_CITIZEN,
    OFFICER: pb.SubscriberKind.SUBSCRIBER_KIND_OFFICER,
    PRESS: pb.SubscriberKind.SUBSCRIBER_KIND_PRESS,
    PARTNER_SYSTEM: pb.SubscriberKind.SUBSCRIBER_KIND_PARTNER_SYSTEM,
  },
);

export const SUBSCRIBER_STATUS = new NotificationEnum<SubscriberStatus, pb.SubscriberStatus>(
  'subscriber status',
  {
    PENDING: pb.SubscriberStatus.SUBSCRIBER_STATUS_PENDING,
    ACTIVE: pb.SubscriberStatus.SUBSCRIBER_STATUS_ACTIVE,
    OPTED_OUT: pb.SubscriberStatus.SUBSCRIBER_STATUS_OPTED_OUT,
  },
);

export const TOPIC_KIND = new NotificationEnum<TopicKind, pb.TopicKind>('topic kind', {
  POLICY_AREA: pb.TopicKind.TOPIC_KIND_POLICY_AREA,
  DRAFT: pb.TopicKind.TOPIC_KIND_DRAFT,
});

export const DIGEST_MODE = new NotificationEnum<DigestMode, pb.DigestMode>('digest mode', {
  IMMEDIATE: pb.DigestMode.DIGEST_MODE_IMMEDIATE,
  DAILY: pb.DigestMode.DIGEST_MODE_DAILY,
});

export const DELIVERY_KIND = new NotificationEnum<DeliveryKind, pb.DeliveryKind>('delivery kind', {
  EVENT: pb.DeliveryKind.DELIVERY_KIND_EVENT,
  DIGEST: pb.DeliveryKind.DELIVERY_KIND_DIGEST,
  VERIFICATION: pb.DeliveryKind.DELIVERY_KIND_VERIFICATION,
});

export const DELIVERY_STATE = new NotificationEnum<DeliveryState, pb.DeliveryState>(
  'delivery state',
  {
    QUEUED: pb.DeliveryState.DELIVERY_STATE_QUEUED,
    SENT: pb.DeliveryState.DELIVERY_STATE_SENT,
    DELIVERED: pb.DeliveryState.DELIVERY_STATE_DELIVERED,
    FAILED: pb.DeliveryState.DELIVERY_STATE_FAILED,
    DEFERRED: pb.DeliveryState.DELIVERY_STATE_DEFERRED,
    SUPPRESSED: pb.DeliveryState.DELIVERY_STATE_SUPPRESSED,
  },
);

/** `NotificationAlert.kind` is a String in the schema: the service's own spelling. */
export const ALERT_KIND = new NotificationEnum<'webhook_disabled', pb.AlertKind>('alert kind', {
  webhook_disabled: pb.AlertKind.ALERT_KIND_WEBHOOK_DISABLED,
});
