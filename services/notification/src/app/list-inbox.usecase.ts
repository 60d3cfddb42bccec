import { assertSignedIn, type CallerIdentity } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';
import { pageSize } from './paging.js';

/** The signed-in user's in-app messages, newest first, with how many are unread. */
export function createListInbox(deps: {
  repo: Pick<NotificationRepository, 'listInbox' | 'countUnread'>;
}) {
  const { repo } = deps;

  return async function listInbox(
    input: { first?: number; after?: string; unreadOnly?: boolean },
    caller: CallerIdentity | undefined,
  ) {
    const signedIn = assertSignedIn(caller);
    const page = await repo.listInbox(
      signedIn.id,
      input.unreadOnly ?? false,
      pageSize(input.first, 20),
      input.after || null,
    );
    return { ...page, unreadCount: await repo.countUnread(signedIn.id) };
  };
}
