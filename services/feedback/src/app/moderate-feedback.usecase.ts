import { parseInput, type CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { assertAgencyStaff } from './feedback-access.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { optionalHideReason } from './feedback-input.js';
import { HIDE_REASONS, type FeedbackRecord } from './feedback.model.js';
import { loadForStaff } from './staff-write.js';

export interface ModerateInput {
  feedbackId: string;
  decision: string;
  /** Required when hiding; empty when publishing. */
  reason: string;
}

const moderateSchema = z
  .object({
    decision: z.enum(['published', 'hidden'], { error: 'must be publish or hide' }),
    reason: optionalHideReason,
  })
  .superRefine((m, ctx) => {
    if (m.decision === 'hidden' && m.reason === null)
      ctx.addIssue({
        code: 'custom',
        path: ['reason'],
        message: `is required to hide a comment: ${HIDE_REASONS.join(', ')}`,
      });
    if (m.decision === 'published' && m.reason !== null)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'is only for hiding' });
  });

/**
 * The moderation queue's decision: publish a comment, or hide it with a reason (hidden comments
 * never appear publicly, and are counted with their reason). The drafting agency's editors and
 * network admins; emits `FeedbackModerated` with the change.
 */
export function createModerateFeedback(deps: Pick<FeedbackDeps, 'repo' | 'events' | 'clock'>) {
  const { repo, events, clock } = deps;

  return async function moderateFeedback(
    caller: CallerIdentity | undefined,
    input: ModerateInput,
  ): Promise<FeedbackRecord> {
    return repo.transaction(async (uow) => {
      const { record, draft } = await loadForStaff(uow, caller, input.feedbackId);
      const actor = assertAgencyStaff(caller, draft.agencyId, 'moderate comments');
      const { decision, reason } = parseInput(moderateSchema, input);
      if (record.state === decision && record.moderation?.reason === reason) return record;
      const at = clock.now().toISOString();
      const saved = await uow.updateFeedback({
        ...record,
        state: decision,
        moderation: { decision, reason, by: actor.id, at },
      });
      await uow.enqueueEvents([
        events.create('pcn.feedback.v1.FeedbackModerated', record.draftId, {
          feedbackId: record.id,
          draftId: record.draftId,
          decision,
          reason,
          moderatedAt: at,
        }),
      ]);
      return saved;
    });
  };
}
