import type { Clock } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';

/** Subscribers that never verified a contact are erased after this (their codes expired long before). */
export const UNVERIFIED_RETENTION_MS = 48 * 3_600_000;

/**
 * Housekeeping: erases subscribers that never verified any contact within
 * `UNVERIFIED_RETENTION_MS`, data kept for no purpose (data minimisation). Returns how many.
 */
export function createPurgeUnverifiedSubscribers(deps: {
  repo: Pick<NotificationRepository, 'unverifiedBefore' | 'write'>;
  clock: Clock;
}) {
  const { repo, clock } = deps;

  return async function purgeUnverifiedSubscribers(limit = 200): Promise<number> {
    const cutoff = new Date(clock.now().getTime() - UNVERIFIED_RETENTION_MS).toISOString();
    const stale = await repo.unverifiedBefore(cutoff, limit);
    if (stale.length === 0) return 0;
    let erased = 0;
    await repo.write(async (w) => {
      erased = 0;
      for (const s of stale) {
        // Read again with the delete: someone who verified since the list was read stays.
        const current = await w.getSubscriber(s.id);
        if (current?.status !== 'pending' || current.version !== s.version) continue;
        await w.deleteVerificationsOf(s.id);
        await w.deleteSubscriber(s.id);
        erased += 1;
      }
    });
    return erased;
  };
}
