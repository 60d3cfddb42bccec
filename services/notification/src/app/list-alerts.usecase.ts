import { assertNetworkAdmin, type CallerIdentity } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';

/** How many alerts one call answers with: `first`, between 1 and 200. */
export function alertPageSize(first: number): number {
  return Math.min(Math.max(first, 1), 200);
}

/** Network admins: the newest alerts (a webhook endpoint disabled, ...), newest first. */
export function createListAlerts(deps: { repo: Pick<NotificationRepository, 'listAlerts'> }) {
  return async function listAlerts(first: number, caller: CallerIdentity | undefined) {
    assertNetworkAdmin(caller);
    return deps.repo.listAlerts(alertPageSize(first));
  };
}
