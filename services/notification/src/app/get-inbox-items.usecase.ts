import { assertSignedIn, InvalidArgumentError, type CallerIdentity } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';
import { MAX_PAGE } from './paging.js';

/** The signed-in user's messages among `ids`; others' are left out, as if they did not exist. */
export function createGetInboxItems(deps: { repo: Pick<NotificationRepository, 'getInboxItems'> }) {
  return async function getInboxItems(ids: string[], caller: CallerIdentity | undefined) {
    const signedIn = assertSignedIn(caller);
    if (ids.length > MAX_PAGE)
      throw new InvalidArgumentError([
        { field: 'ids', description: `must list at most ${MAX_PAGE}` },
      ]);
    return (await deps.repo.getInboxItems(ids)).filter((i) => i.userId === signedIn.id);
  };
}
