import type { Logger } from '@pcn/platform';
import type { Store } from '@pcn/storage';
import type { DraftUseCases } from '../app/draft.usecases.js';

export interface SchedulerOptions {
  store: Store;
  drafts: DraftUseCases;
  logger: Logger;
  /** Identifies this replica for the lease. */
  holder: string;
  intervalMs: number;
  /** Called after due work committed events, so the relay publishes them at once. */
  onApplied: () => void;
}

/**
 * Opens and closes consultations at their times. The schedule lives in the store (each draft's
 * `nextDueAt`), not in timers, so it survives restarts; one replica at a time polls it under a
 * lease, and each change is an optimistic write, so even two pollers never act twice.
 */
export function startConsultationScheduler(options: SchedulerOptions): { stop(): Promise<void> } {
  const { store, drafts, logger, holder, intervalMs, onApplied } = options;
  let stopping = false;
  let wake: (() => void) | undefined;
  const ttl = Math.max(10_000, intervalMs * 5);

  const loop = (async () => {
    while (!stopping) {
      try {
        if (await store.acquireLease('draft-scheduler', holder, ttl, new Date())) {
          const { applied, conflicts, failed } = await drafts.runSchedule();
          for (const f of failed)
            logger.error(
              { err: f.error, draftId: f.draftId },
              'scheduled work failed for a draft; others go on',
            );
          if (applied > 0) {
            logger.info({ applied, conflicts }, 'scheduled consultation work applied');
            onApplied();
          }
        }
      } catch (err) {
        logger.error({ err }, 'consultation scheduler round failed');
      }
      if (stopping) break;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, intervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();

  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await store.releaseLease('draft-scheduler', holder).catch(() => undefined);
    },
  };
}
