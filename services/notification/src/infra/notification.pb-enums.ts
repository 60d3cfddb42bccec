import { notification as pb } from '@pcn/contracts';
import { InvalidArgumentError } from '@pcn/platform';
import type {
  Channel,
  DeliveryKind,
  DeliveryState,
  DigestMode,
  SubscriberKind,
  SubscriberStatus,
  Topic,
} from '../app/notification.model.js';
import type { AlertRecord } from '../app/notification.ports.js';

/**
 * One closed set of the service's values and its proto enum, read both ways from one table. The
 * proto's zero value means "not given": a required field refuses it, as it refuses a number this
 * build does not know, with INVALID_ARGUMENT naming the field.
 */
export class PbEnum<D extends string, P extends number> {
  readonly #toPb: Readonly<Record<D, P>>;
  readonly #fromPb: ReadonlyMap<number, D>;

  constructor(table: Record<D, P>) {
    this.#toPb = Object.freeze({ ...table });
    this.#fromPb = new Map(Object.entries<P>(table).map(([d, p]) => [p, d as D]));
  }

  toPb(value: D): P {
    const p = this.#toPb[value];
    // Only a value outside the type (bad stored data) gets here; never answer with "unspecified".
    if (p === undefined) throw new Error(`no proto value for ${JSON.stringify(value)}`);
    return p;
  }

  /** A required field. */
  fromPb(value: P, field: string): D {
    const d = this.#fromPb.get(value);
    if (d !== undefined) return d;
    throw new InvalidArgumentError([
      {
        field,
        description:
          value === 0 ? 'is required' : `is not one of ${[...this.#fromPb.values()].join(', ')}`,
      },
    ]);
  }

  /** An optional field or a filter: the zero value means "not given". */
  optionalFromPb(value: P | undefined, field: string): D | undefined {
    return value === undefined || value === 0 ? undefined : this.fromPb(value, field);
  }

  /** A repeated field: each item required, named by its index. */
  listFromPb(values: readonly P[], field: string): D[] {
    return values.map((v, i) => this.fromPb(v, `${field}[${i}]`));
  }
}

export const CHANNEL = new PbEnum<Channel, pb.Channel>({
  email: pb.Channel.CHANNEL_EMAIL,
  sms: pb.Channel.CHANNEL_SMS,
  zalo: pb.Channel.CHANNEL_ZALO,
  webhook: pb.Channel.CHANNEL_WEBHOOK,
  in_app: pb.Channel.CHANNEL_IN_APP,
});

export const SUBSCRIBER_KIND = new PbEnum<SubscriberKind, pb.SubscriberKind>({
  citizen: pb.SubscriberKind.SUBSCRIBER_KIND_CITIZEN,
  officer: pb.SubscriberKind.SUBSCRIBER_KIND_OFFICER,
  press: pb.SubscriberKind.SUBSCRIBER_KIND_PRESS,
  partner_system: pb.SubscriberKind.SUBSCRIBER_KIND_PARTNER_SYSTEM,
});

export const SUBSCRIBER_STATUS = new PbEnum<SubscriberStatus, pb.SubscriberStatus>({
  pending: pb.SubscriberStatus.SUBSCRIBER_STATUS_PENDING,
  active: pb.SubscriberStatus.SUBSCRIBER_STATUS_ACTIVE,
  opted_out: pb.SubscriberStatus.SUBSCRIBER_STATUS_OPTED_OUT,
});

export const TOPIC_KIND = new PbEnum<Topic['kind'], pb.TopicKind>({
  policy_area: pb.TopicKind.TOPIC_KIND_POLICY_AREA,
  draft: pb.TopicKind.TOPIC_KIND_DRAFT,
});

export const DIGEST_MODE = new PbEnum<DigestMode, pb.DigestMode>({
  immediate: pb.DigestMode.DIGEST_MODE_IMMEDIATE,
  daily: pb.DigestMode.DIGEST_MODE_DAILY,
});

export const DELIVERY_KIND = new PbEnum<DeliveryKind, pb.DeliveryKind>({
  event: pb.DeliveryKind.DELIVERY_KIND_EVENT,
  digest: pb.DeliveryKind.DELIVERY_KIND_DIGEST,
  verification: pb.DeliveryKind.DELIVERY_KIND_VERIFICATION,
});

export const DELIVERY_STATE = new PbEnum<DeliveryState, pb.DeliveryState>({
  queued: pb.DeliveryState.DELIVERY_STATE_QUEUED,
  sent: pb.DeliveryState.DELIVERY_STATE_SENT,
  delivered: pb.DeliveryState.DELIVERY_STATE_DELIVERED,
  failed: pb.DeliveryState.DELIVERY_STATE_FAILED,
  deferred: pb.DeliveryState.DELIVERY_STATE_DEFERRED,
  suppressed: pb.DeliveryState.DELIVERY_STATE_SUPPRESSED,
});

export const PROVIDER_DELIVERY_STATUS = new PbEnum<
  'delivered' | 'failed',
  pb.ProviderDeliveryStatus
>({
  delivered: pb.ProviderDeliveryStatus.PROVIDER_DELIVERY_STATUS_DELIVERED,
  failed: pb.ProviderDeliveryStatus.PROVIDER_DELIVERY_STATUS_FAILED,
});

export const ALERT_KIND = new PbEnum<AlertRecord['kind'], pb.AlertKind>({
  webhook_disabled: pb.AlertKind.ALERT_KIND_WEBHOOK_DISABLED,
  channel_off: pb.AlertKind.ALERT_KIND_CHANNEL_OFF,
});
