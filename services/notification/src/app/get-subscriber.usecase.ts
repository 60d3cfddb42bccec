import { NotFoundError, type CallerIdentity } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';
import { assertOwnerOrAdmin } from './subscriber-access.js';

/** One subscriber, with its contact data: for its owner and network admins. */
export function createGetSubscriber(deps: { repo: Pick<NotificationRepository, 'getSubscriber'> }) {
  return async function getSubscriber(id: string, caller: CallerIdentity | undefined) {
    const subscriber = await deps.repo.getSubscriber(id);
    if (!subscriber) throw new NotFoundError('subscriber', id);
    assertOwnerOrAdmin(caller, subscriber);
    return subscriber;
  };
}
