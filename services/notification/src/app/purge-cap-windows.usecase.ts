import type { Clock } from '@pcn/platform';
import type { NotificationRepository } from './notification.ports.js';

/** Housekeeping: deletes cap windows whose newest send has left the hour (counts kept for no purpose). */
export function createPurgeCapWindows(deps: {
  repo: Pick<NotificationRepository, 'purgeCapWindows'>;
  clock: Clock;
}) {
  return async function purgeCapWindows(limit = 500): Promise<number> {
    return deps.repo.purgeCapWindows(deps.clock.now().toISOString(), limit);
  };
}
