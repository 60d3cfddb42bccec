import type { EventFactory } from '@pcn/events';
import { InvalidArgumentError, type CallerIdentity, type Clock } from '@pcn/platform';
import { deliveredEvent, failedEvent } from './delivery-events.js';
import { isChannel } from './notification.model.js';
import type { NotificationRepository } from './notification.ports.js';
import { assertProviderRelay } from './subscriber-access.js';

/** A provider's delivery report for a message it accepted; false when nothing was waiting on it. */
export function createReportDeliveryStatus(deps: {
  repo: Pick<NotificationRepository, 'deliveryByProviderId' | 'write'>;
  events: EventFactory;
  clock: Clock;
}) {
  const { repo, events, clock } = deps;

  return async function reportDeliveryStatus(
    input: { channel: string; providerMessageId: string; status: string },
    caller: CallerIdentity | undefined,
  ) {
    assertProviderRelay(caller);
    if (
      !isChannel(input.channel) ||
      !input.providerMessageId ||
      !['delivered', 'failed'].includes(input.status)
    )
      throw new InvalidArgumentError([
        {
          field: 'status',
          description: 'needs a channel, a provider message id and delivered or failed',
        },
      ]);
    const d = await repo.deliveryByProviderId(input.channel, input.providerMessageId);
    if (!d || d.state !== 'sent') return false;
    const at = clock.now().toISOString();
    await repo.write(async (w) => {
      if (input.status === 'delivered') {
        await w.updateDelivery({ ...d, state: 'delivered', updatedAt: at });
        await w.emit([deliveredEvent(events, d, at)]);
      } else {
        await w.updateDelivery({
          ...d,
          state: 'failed',
          reason: 'provider_reported_failure',
          updatedAt: at,
        });
        await w.emit([failedEvent(events, d, d.attempts, 'provider_reported_failure')]);
      }
    });
    return true;
  };
}
