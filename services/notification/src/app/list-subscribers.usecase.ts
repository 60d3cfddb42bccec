import { assertNetworkAdmin, type CallerIdentity } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';
import { pageSize } from './paging.js';

/** Network admins: subscribers by status or followed unit, newest first. */
export function createListSubscribers(deps: {
  repo: Pick<NotificationRepository, 'listSubscribers'>;
}) {
  return async function listSubscribers(
    input: { status?: string; unitId?: string; first?: number; after?: string },
    caller: CallerIdentity | undefined,
  ) {
    assertNetworkAdmin(caller);
    return deps.repo.listSubscribers(
      { status: input.status || undefined, unitId: input.unitId || undefined },
      pageSize(input.first),
      input.after || null,
    );
  };
}
