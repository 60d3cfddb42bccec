import {
  assertSignedIn,
  NotFoundError,
  parseInput,
  PermissionDeniedError,
  type CallerIdentity,
} from '@pcn/platform';
import { z } from 'zod';
import { canReadDraft } from './feedback-access.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { optionalHideReason } from './feedback-input.js';

export interface FlagInput {
  feedbackId: string;
  /** Optional: what the user thinks is wrong. */
  reason: string;
}

const flagSchema = z.object({
  reason: optionalHideReason,
});

/**
 * A signed-in user flags a comment they can see (a published one) for the moderation queue,
 * once per comment: flagging again changes nothing.
 */
export function createFlagFeedback(deps: Pick<FeedbackDeps, 'repo' | 'clock'>) {
  const { repo, clock } = deps;

  return async function flagFeedback(
    caller: CallerIdentity | undefined,
    input: FlagInput,
  ): Promise<{ flagCount: number; alreadyFlagged: boolean }> {
    const user = assertSignedIn(caller);
    if (user.kind !== 'user')
      throw new PermissionDeniedError('Only signed-in people flag comments', 'ROLE_NOT_ALLOWED');
    const { reason } = parseInput(flagSchema, input);
    return repo.transaction(async (uow) => {
      const record = input.feedbackId ? await uow.getFeedback(input.feedbackId) : null;
      const draft = record ? await uow.getDraft(record.draftId) : null;
      // Only what the user can see publicly can be flagged; anything else is not found.
      if (!record || !draft || record.state !== 'published' || !canReadDraft(user, draft))
        throw new NotFoundError('feedback', input.feedbackId);
      const added = await uow.addFlag({
        id: `${record.id}:${user.id}`,
        feedbackId: record.id,
        userId: user.id,
        reason,
        at: clock.now().toISOString(),
      });
      if (!added) return { flagCount: record.flagCount, alreadyFlagged: true };
      const saved = await uow.updateFeedback({ ...record, flagCount: record.flagCount + 1 });
      return { flagCount: saved.flagCount, alreadyFlagged: false };
    });
  };
}
