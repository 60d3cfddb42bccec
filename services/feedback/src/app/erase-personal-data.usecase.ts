import type { Clock } from '@pcn/platform';
import type { ErasureReport, ErasureSubject, EventsHolding } from '@pcn/service-kit';
import { eraseSubmitter, erasureTarget, eventHeldBy, heldBy } from './erase-submitter.js';
import type { FeedbackRepository } from './feedback.ports.js';

const PAGE = 200;

/**
 * Law 91/2025 erasure for `pcn-admin erase`: every comment holding the person's data loses it
 * (erase-submitter.ts) but keeps counting in the consultation and its synthesis. No index covers
 * every field a contact can sit in (submitter, reply address, owner), so comments are scanned in
 * pages; erasures are rare and operator-driven.
 */
export function createErasePersonalData(deps: {
  repo: Pick<FeedbackRepository, 'scanFeedback' | 'transaction'>;
  clock: Clock;
}) {
  return async function erasePersonalData(
    subject: ErasureSubject,
    dryRun: boolean,
  ): Promise<ErasureReport> {
    const target = erasureTarget(subject);
    const held: string[] = [];
    let after: string | null = null;
    if (target.kind !== 'none')
      do {
        const page = await deps.repo.scanFeedback(PAGE, after);
        for (const r of page.items) if (heldBy(r, target)) held.push(r.id);
        after = page.nextCursor;
      } while (after !== null);
    if (!dryRun) {
      const at = deps.clock.now().toISOString();
      for (const id of held)
        await deps.repo.transaction(async (uow) => {
          // Read again inside the transaction: a moderator may have changed it meanwhile.
          const current = await uow.getFeedback(id);
          if (current && heldBy(current, target))
            await uow.updateFeedback(eraseSubmitter(current, at));
        });
    }
    return {
      erased: [{ kind: 'comments', count: held.length }],
      note: 'comments keep their text (masked), stance and counts for the synthesis; submitter name, contact, reply address, user, partner reference and demographics removed',
    };
  };
}

/**
 * The feedback events that carry the subject (their `replyTo`), for erasing them from the
 * FEEDBACK stream and the dead letters; null for a subject that was never stored.
 */
export const feedbackEventsHolding: EventsHolding = (subject) => {
  const target = erasureTarget(subject);
  return target.kind === 'none' ? null : (type, data) => eventHeldBy(type, data, target);
};
