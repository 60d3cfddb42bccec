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
import { ProtoEnum } from './proto-enum.js';

/** The notification service's proto enums as GraphQL enums. */
const notificationEnum = <G extends string, P extends number>(name: string, table: Record<G, P>) =>
  new ProtoEnum<G, P>('notification', name, table);

export const CHANNEL = notificationEnum<NotificationChannel, pb.Channel>('channel', {
  EMAIL: pb.Channel.CHANNEL_EMAIL,
  SMS: pb.Channel.CHANNEL_SMS,
  ZALO: pb.Channel.CHANNEL_ZALO,
  WEBHOOK: pb.Channel.CHANNEL_WEBHOOK,
  IN_APP: pb.Channel.CHANNEL_IN_APP,
});

export const SUBSCRIBER_KIND = notificationEnum<SubscriberKind, pb.SubscriberKind>(
  'subscriber kind',
  {
    CITIZEN: pb.SubscriberKind.SUBSCRIBER_KIND_CITIZEN,
    OFFICER: pb.SubscriberKind.SUBSCRIBER_KIND_OFFICER,
    PRESS: pb.SubscriberKind.SUBSCRIBER_KIND_PRESS,
    PARTNER_SYSTEM: pb.SubscriberKind.SUBSCRIBER_KIND_PARTNER_SYSTEM,
  },
);

export const SUBSCRIBER_STATUS = notificationEnum<SubscriberStatus, pb.SubscriberStatus>(
  'subscriber status',
  {
    PENDING: pb.SubscriberStatus.SUBSCRIBER_STATUS_PENDING,
    ACTIVE: pb.SubscriberStatus.SUBSCRIBER_STATUS_ACTIVE,
    OPTED_OUT: pb.SubscriberStatus.SUBSCRIBER_STATUS_OPTED_OUT,
  },
);

export const TOPIC_KIND = notificationEnum<TopicKind, pb.TopicKind>('topic kind', {
  POLICY_AREA: pb.TopicKind.TOPIC_KIND_POLICY_AREA,
  DRAFT: pb.TopicKind.TOPIC_KIND_DRAFT,
});

export const DIGEST_MODE = notificationEnum<DigestMode, pb.DigestMode>('digest mode', {
  IMMEDIATE: pb.DigestMode.DIGEST_MODE_IMMEDIATE,
  DAILY: pb.DigestMode.DIGEST_MODE_DAILY,
});

export const DELIVERY_KIND = notificationEnum<DeliveryKind, pb.DeliveryKind>('delivery kind', {
  EVENT: pb.DeliveryKind.DELIVERY_KIND_EVENT,
  DIGEST: pb.DeliveryKind.DELIVERY_KIND_DIGEST,
  VERIFICATION: pb.DeliveryKind.DELIVERY_KIND_VERIFICATION,
});

export const DELIVERY_STATE = notificationEnum<DeliveryState, pb.DeliveryState>('delivery state', {
  QUEUED: pb.DeliveryState.DELIVERY_STATE_QUEUED,
  SENT: pb.DeliveryState.DELIVERY_STATE_SENT,
  DELIVERED: pb.DeliveryState.DELIVERY_STATE_DELIVERED,
  FAILED: pb.DeliveryState.DELIVERY_STATE_FAILED,
  DEFERRED: pb.DeliveryState.DELIVERY_STATE_DEFERRED,
  SUPPRESSED: pb.DeliveryState.DELIVERY_STATE_SUPPRESSED,
});

/** `NotificationAlert.kind` is a String in the schema: the service's own spelling. */
export const ALERT_KIND = notificationEnum<'webhook_disabled' | 'channel_off', pb.AlertKind>(
  'alert kind',
  {
    webhook_disabled: pb.AlertKind.ALERT_KIND_WEBHOOK_DISABLED,
    channel_off: pb.AlertKind.ALERT_KIND_CHANNEL_OFF,
  },
);
