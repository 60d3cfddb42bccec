import { hasRole, NotFoundError, type CallerIdentity, type Clock } from '@pcn/platform';
import { optOut, type OptOutDeps } from './opt-out.js';
import { assertOwnerOrAdmin } from './subscriber-access.js';

/** Right to erasure: the subscriber and its codes go; the delivery log keeps only ids. */
export function createEraseSubscriber(deps: OptOutDeps & { clock: Clock }) {
  const { repo, clock } = deps;

  return async function eraseSubscriber(id: string, caller: CallerIdentity | undefined) {
    const subscriber = await repo.getSubscriber(id);
    if (!subscriber) throw new NotFoundError('subscriber', id);
    assertOwnerOrAdmin(caller, subscriber);
    const now = clock.now();
    await optOut(
      deps,
      id,
      null,
      hasRole(caller, 'network_admin') ? 'admin' : 'self_service',
      now,
      async (w) => {
        await w.deleteVerificationsOf(id);
        await w.deleteSubscriber(id);
      },
    );
    return true;
  };
}
