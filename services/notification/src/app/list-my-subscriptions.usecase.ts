import { assertSignedIn, type CallerIdentity } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';

/** The signed-in user's own subscribers. */
export function createListMySubscriptions(deps: {
  repo: Pick<NotificationRepository, 'subscribersByUser'>;
}) {
  return async function listMySubscriptions(caller: CallerIdentity | undefined) {
    const signedIn = assertSignedIn(caller);
    return deps.repo.subscribersByUser(signedIn.id);
  };
}
