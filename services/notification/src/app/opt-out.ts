import type { EventFactory } from '@pcn/events';
import { ConflictError } from '@pcn/platform';
import type { Channel } from './notification.model.js';
import type { NotificationRepository, Writes } from './notification.ports.js';

export interface OptOutDeps {
  repo: Pick<NotificationRepository, 'getSubscriber' | 'pendingDeliveriesOf' | 'write'>;
  events: EventFactory;
}

export type OptOutVia = 'link' | 'sms_stop' | 'zalo_stop' | 'admin' | 'self_service';

/**
 * Opts a subscriber out (one channel, or all), withdraws the consent, and emits
 * SubscriberOptedOut. It retries when the subscriber changed meanwhile, so a STOP is never lost
 * to a race. Then, best effort, it suppresses what is already queued or deferred: the worker
 * checks the subscriber again before every send, so anything missed here is suppressed then.
 * Returns false when there is no such subscriber.
 */
export async function optOut(
  deps: OptOutDeps,
  subscriberId: string,
  channel: Channel | null,
  via: OptOutVia,
  now: Date,
  alsoInTransaction?: (w: Writes) => Promise<void>,
): Promise<boolean> {
  const { repo, events } = deps;
  const at = now.toISOString();
  for (let attempt = 1; ; attempt += 1) {
    const subscriber = await repo.getSubscriber(subscriberId);
    if (!subscriber) return false;
    const contacts = subscriber.contacts.map((c) =>
      (channel === null || c.channel === channel) && !c.optedOutAt ? { ...c, optedOutAt: at } : c,
    );
    const consents = subscriber.consents.map((c) =>
      (channel === null || c.channel === channel) && !c.withdrawnAt ? { ...c, withdrawnAt: at } : c,
    );
    const anyLeft = contacts.some((c) => !c.optedOutAt);
    try {
      await repo.write(async (w) => {
        await w.updateSubscriber({
          ...subscriber,
          contacts,
          consents,
          status: anyLeft ? subscriber.status : 'opted_out',
          updatedAt: at,
        });
        await w.emit([
          events.create('pcn.notification.v1.SubscriberOptedOut', subscriber.id, {
            subscriberId: subscriber.id,
            channel,
            via,
          }),
        ]);
        await alsoInTransaction?.(w);
      });
      break;
    } catch (err) {
      if (!(err instanceof ConflictError) || attempt >= 5) throw err;
    }
  }
  const pending = (await repo.pendingDeliveriesOf(subscriberId)).filter(
    (d) => (channel === null || d.channel === channel) && d.kind !== 'verification',
  );
  if (pending.length > 0)
    await repo.write(async (w) => {
      for (const d of pending) {
        try {
          await w.updateDelivery({
            ...d,
            state: 'suppressed',
            reason: 'opted_out',
            retryAt: null,
            updatedAt: at,
          });
        } catch (err) {
          // Moved on meanwhile (sent, or requeued): the worker's own check covers it.
          if (!(err instanceof ConflictError)) throw err;
        }
      }
    });
  return true;
}
