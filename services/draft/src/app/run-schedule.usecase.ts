import { ConflictError } from '@pcn/platform';
import type { WriteDeps } from './draft-writer.js';
import { draftEvents } from './draft-events.js';
import { runDue } from './draft-lifecycle.js';
import { auditOf } from './draft-records.js';

export interface ScheduleRun {
  applied: number;
  conflicts: number;
  failed: { draftId: string; error: unknown }[];
}

/**
 * Applies what the clock has made due: scheduled consultations open, closing-soon notices, and
 * closes. Each draft changes in its own transaction with an optimistic version check, so two
 * replicas running this at once never act twice: the loser's write conflicts and is dropped.
 */
export function createRunSchedule(deps: WriteDeps) {
  const { repo, events, rules, clock, newId } = deps;

  return async function runSchedule(limit = 100): Promise<ScheduleRun> {
    const now = clock.now();
    let applied = 0;
    let conflicts = 0;
    const failed: ScheduleRun['failed'] = [];
    for (const due of await repo.due(now, limit)) {
      try {
        const changed = await repo.transaction(async (uow) => {
          const current = await uow.getDraft(due.id);
          if (!current || current.version !== due.version) return false;
          const transition = runDue(current, rules, now);
          if (transition.events.length === 0 && transition.draft.nextDueAt === current.nextDueAt)
            return false;
          const saved = await uow.updateDraft({
            ...transition.draft,
            version: current.version,
            updatedAt: now.toISOString(),
          });
          if (transition.events.length > 0) {
            await uow.addAudit(
              auditOf(newId(), saved, {
                caller: undefined,
                action: 'schedule',
                changes: transition.events,
                fromVersion: current.contentVersion,
              }),
            );
            await uow.enqueueEvents(draftEvents(events, saved, transition.events));
          }
          return true;
        });
        if (changed) applied += 1;
      } catch (err) {
        // One draft that cannot be handled must not hold up every other close.
        if (err instanceof ConflictError) conflicts += 1;
        else failed.push({ draftId: due.id, error: err });
      }
    }
    return { applied, conflicts, failed };
  };
}
