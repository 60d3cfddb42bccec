import type { BusNames } from '@pcn/events';
import { currentTraceparent } from '@pcn/platform';
import type { OutboxMessage } from '@pcn/storage';
import { workChunks } from '../app/fanout-plan.js';
import type { Channel } from '../app/notification.model.js';
import type { DeliveryRecord, PlannedWorkRecord, SendWork } from '../app/notification.ports.js';

/**
 * The outbox message that puts `work` on its channel's queue; `id` is its Msg-Id. With tracing on,
 * it keeps the span planning it (a fan-out batch), so the channel worker's sends join that trace.
 */
function workItem(names: BusNames, channel: Channel, work: SendWork, id: string): OutboxMessage {
  const message = {
    id,
    subject: names.workSubject('notification', channel),
    payload: JSON.stringify(work),
  };
  const traceparent = currentTraceparent();
  return traceparent === undefined ? message : { ...message, traceparent };
}

/**
 * Recorded deliveries as work items, per channel queue. Ids derive from the deliveries and `tag`,
 * so the same work published twice is de-duplicated by JetStream.
 */
export function workItems(
  names: BusNames,
  deliveries: readonly Pick<DeliveryRecord, 'id' | 'channel'>[],
  tag: string,
): OutboxMessage[] {
  return workChunks(deliveries.map((d) => [d.channel, d.id] as const)).map(({ channel, ids }) =>
    workItem(
      names,
      channel,
      { deliveryIds: ids },
      `work:${tag}:${channel}:${ids[0]}:${ids.length}`,
    ),
  );
}

/**
 * The work item for planned work. `msgId` is its id the first time, so the same work published
 * twice is de-duplicated by JetStream; a re-drive gives a new one.
 */
export function plannedWorkItem(
  names: BusNames,
  work: Pick<PlannedWorkRecord, 'eventId' | 'channel' | 'subscriberIds'>,
  msgId: string,
): OutboxMessage {
  return workItem(
    names,
    work.channel,
    { eventId: work.eventId, subscriberIds: work.subscriberIds },
    msgId,
  );
}
