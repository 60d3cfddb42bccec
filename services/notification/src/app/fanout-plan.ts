import type { EventEnvelope } from '@pcn/events';
import { channelsFor, firstPassOf, type AudiencePass } from './audience.js';
import { digestDay } from './delivery-policy.js';
import type { Channel, EventAudience } from './notification.model.js';
import type { DigestEntry, PlannedWorkRecord, SubscriberRecord } from './notification.ports.js';
import { DEFAULT_TIME_ZONE } from './quiet-hours.js';

/**
 * What a fan-out batch plans for the subscribers one audience pass found: per channel, the
 * subscribers to reach now, and the entries of daily digests. Pure: the runner reads and commits.
 */

/** Channels that bundle into a daily digest when the subscriber asks for one. */
const DIGEST_CHANNELS: ReadonlySet<Channel> = new Set(['email', 'sms', 'zalo']);
/** Deliveries per work item: big enough to amortise a message, small enough to retry cheaply. */
export const WORK_ITEM_SIZE = 1000;

/** Digest or immediate: a daily digest on channels that bundle; in-app and webhooks never wait. */
export function deliveryMode(
  subscriber: Pick<SubscriberRecord, 'digest'>,
  channel: Channel,
): 'digest' | 'immediate' {
  return subscriber.digest === 'daily' && DIGEST_CHANNELS.has(channel) ? 'digest' : 'immediate';
}

export interface BatchPlan {
  /** Per channel, the subscribers to deliver to now. */
  planned: Map<Channel, string[]>;
  digest: DigestEntry[];
  /** Subscribers reached on at least one channel. */
  matched: number;
  /** Immediate deliveries planned. */
  deliveries: number;
}

/**
 * Plans one batch of pass `pass`: a subscriber an earlier pass already took is skipped, and each
 * of its channels goes now or into the digest of the day it is due (`digestAt`, local time).
 */
export function planBatch(input: {
  subscribers: readonly SubscriberRecord[];
  passes: readonly AudiencePass[];
  pass: number;
  audience: EventAudience;
  event: Pick<EventEnvelope, 'id' | 'type'>;
  now: Date;
  digestAt: string;
}): BatchPlan {
  const { event, now } = input;
  const at = now.toISOString();
  const plan: BatchPlan = { planned: new Map(), digest: [], matched: 0, deliveries: 0 };
  for (const subscriber of input.subscribers) {
    if (firstPassOf(input.passes, subscriber) !== input.pass) continue;
    const channels = channelsFor(subscriber, input.audience);
    if (channels.length > 0) plan.matched += 1;
    for (const channel of channels) {
      if (deliveryMode(subscriber, channel) === 'digest') {
        const day = digestDay(now, input.digestAt, DEFAULT_TIME_ZONE);
        const bundle = `${day}:${subscriber.id}:${channel}`;
        plan.digest.push({
          id: `${bundle}:${event.id}`,
          bundle,
          day,
          subscriberId: subscriber.id,
          channel,
          eventId: event.id,
          eventType: event.type,
          createdAt: at,
        });
        continue;
      }
      const list = plan.planned.get(channel) ?? [];
      list.push(subscriber.id);
      plan.planned.set(channel, list);
      plan.deliveries += 1;
    }
  }
  return plan;
}

/** Ids grouped per channel, in chunks of at most `WORK_ITEM_SIZE`: one work item each. */
export function workChunks(
  items: Iterable<readonly [Channel, string]>,
): { channel: Channel; ids: string[] }[] {
  const byChannel = new Map<Channel, string[]>();
  for (const [channel, id] of items) {
    const list = byChannel.get(channel) ?? [];
    list.push(id);
    byChannel.set(channel, list);
  }
  const out: { channel: Channel; ids: string[] }[] = [];
  for (const [channel, ids] of byChannel)
    for (let i = 0; i < ids.length; i += WORK_ITEM_SIZE)
      out.push({ channel, ids: ids.slice(i, i + WORK_ITEM_SIZE) });
  return out;
}

/** The id of planned work, derived from its contents; also its work item's Msg-Id. */
export function plannedWorkId(channel: Channel, eventId: string, subscriberIds: readonly string[]) {
  return `work:fanout:${channel}:${eventId}:${subscriberIds[0]}:${subscriberIds.length}`;
}

/** Planned deliveries as records: per channel, an event and up to `WORK_ITEM_SIZE` subscribers. */
export function plannedWork(
  eventId: string,
  planned: ReadonlyMap<Channel, readonly string[]>,
  createdAt: string,
  redriveAt: string,
): PlannedWorkRecord[] {
  const pairs = [...planned].flatMap(([channel, ids]) => ids.map((id) => [channel, id] as const));
  return workChunks(pairs).map(({ channel, ids }) => ({
    id: plannedWorkId(channel, eventId, ids),
    eventId,
    channel,
    subscriberIds: ids,
    createdAt,
    redriveAt,
  }));
}
