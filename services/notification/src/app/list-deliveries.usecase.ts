import { assertNetworkAdmin, type CallerIdentity } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';
import { pageSize } from './paging.js';

/** Network admins: the delivery log (ids, states and reasons, never contact data), with counts. */
export function createListDeliveries(deps: {
  repo: Pick<NotificationRepository, 'listDeliveries' | 'countDeliveriesByState'>;
}) {
  const { repo } = deps;

  return async function listDeliveries(
    input: {
      sourceEventId?: string;
      subscriberId?: string;
      channel?: string;
      state?: string;
      first?: number;
      after?: string;
    },
    caller: CallerIdentity | undefined,
  ) {
    assertNetworkAdmin(caller);
    const filter: Record<string, string> = {};
    if (input.sourceEventId) filter.source_event_id = input.sourceEventId;
    if (input.subscriberId) filter.subscriber_id = input.subscriberId;
    if (input.channel) filter.channel = input.channel;
    const page = await repo.listDeliveries(
      input.state ? { ...filter, state: input.state } : filter,
      pageSize(input.first),
      input.after || null,
    );
    return { ...page, counts: await repo.countDeliveriesByState(filter) };
  };
}
