import {
  assertSignedIn,
  InvalidArgumentError,
  type CallerIdentity,
  type Clock,
} from '@pcn/platform';
import type { Stored } from '@pcn/storage';
import type { InboxItem } from './notification.model.js';
import type { NotificationRepository } from './notification.ports.js';
import { MAX_PAGE } from './paging.js';

/** Marks some (by id) or all of the signed-in user's unread messages read; returns how many. */
export function createMarkInboxRead(deps: {
  repo: Pick<NotificationRepository, 'listInbox' | 'getInboxItems' | 'write'>;
  clock: Clock;
}) {
  const { repo, clock } = deps;

  return async function markInboxRead(
    input: { ids?: string[]; all?: boolean },
    caller: CallerIdentity | undefined,
  ) {
    const signedIn = assertSignedIn(caller);
    const at = clock.now().toISOString();
    let items: Stored<InboxItem>[];
    if (input.all) {
      items = [];
      let after: string | null = null;
      do {
        const page = await repo.listInbox(signedIn.id, true, MAX_PAGE, after);
        items.push(...page.items);
        after = page.nextCursor;
      } while (after && items.length < 100_000);
    } else {
      const ids = input.ids ?? [];
      if (ids.length === 0 || ids.length > MAX_PAGE)
        throw new InvalidArgumentError([
          { field: 'ids', description: `must list 1-${MAX_PAGE} items` },
        ]);
      items = await repo.getInboxItems(ids);
    }
    const mine = items.filter((i) => i.userId === signedIn.id && i.readAt === null);
    await repo.write(async (w) => {
      for (const item of mine) await w.updateInboxItem({ ...item, readAt: at });
    });
    return mine.length;
  };
}
