import { NotFoundError, type CallerIdentity } from '@pcn/platform';
import { canReadDraft } from './feedback-access.js';
import type { DraftInfo } from './feedback.model.js';
import type { FeedbackUnitOfWork, Stored, StoredFeedback } from './feedback.ports.js';

/**
 * A comment and its draft, for a write by the drafting agency's staff. A comment on a draft the
 * caller cannot see is "not found", so its existence does not leak.
 */
export async function loadForStaff(
  uow: FeedbackUnitOfWork,
  caller: CallerIdentity | undefined,
  feedbackId: string,
): Promise<{ record: StoredFeedback; draft: Stored<DraftInfo> }> {
  const record = feedbackId ? await uow.getFeedback(feedbackId) : null;
  if (!record) throw new NotFoundError('feedback', feedbackId);
  const draft = await uow.getDraft(record.draftId);
  if (!draft || !canReadDraft(caller, draft)) throw new NotFoundError('feedback', feedbackId);
  return { record, draft };
}
