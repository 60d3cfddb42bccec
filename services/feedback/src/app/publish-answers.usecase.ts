import {
  InvalidArgumentError,
  NotFoundError,
  type CallerIdentity,
  type FieldViolation,
} from '@pcn/platform';
import { assertAgencyStaff, canReadDraft } from './feedback-access.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { MAX_IDS_IN_RESPONSE } from './answer-feedback.usecase.js';
import type { FeedbackUnitOfWork, StoredFeedback } from './feedback.ports.js';

/** Answers published per transaction (each with its event in the outbox). */
const CHUNK = 200;

export interface PublishAnswersInput {
  draftId: string;
  /** Empty: every answered, not yet published answer of the draft. */
  feedbackIds: readonly string[];
}

/**
 * Stage two: makes answers public, and tells each submitter (`FeedbackAnswered` per comment,
 * through the outbox in the transaction that publishes it). Publishing again changes nothing.
 */
export function createPublishAnswers(deps: Pick<FeedbackDeps, 'repo' | 'events' | 'clock'>) {
  const { repo, events, clock } = deps;

  async function publish(uow: FeedbackUnitOfWork, records: readonly StoredFeedback[]) {
    const publishedAt = clock.now().toISOString();
    const done: string[] = [];
    const out = [];
    let dropped = 0;
    for (const r of records) {
      const current = await uow.getFeedback(r.id);
      const answer = current?.answer;
      if (current?.state === 'hidden' && current.answerPendingDraftId !== null) {
        // Hidden after it was answered: its answer is never published; off the queue.
        await uow.updateFeedback({ ...current, answerPendingDraftId: null });
        dropped += 1;
        continue;
      }
      if (!current || !answer || answer.publishedAt !== null || current.state === 'hidden')
        continue;
      await uow.updateFeedback({
        ...current,
        answer: { ...answer, publishedAt },
        answerPendingDraftId: null,
      });
      out.push(
        events.create('pcn.feedback.v1.FeedbackAnswered', current.draftId, {
          feedbackId: current.id,
          draftId: current.draftId,
          articleId: current.articleId,
          groupId: answer.groupId,
          outcome: answer.outcome,
          reason: answer.reason,
          changedArticleIds: answer.changedArticleIds,
          answeredAt: answer.answeredAt,
          publishedAt,
          language: current.language,
          receiptCode: current.receiptCode,
          replyTo: current.replyTo,
        }),
      );
      done.push(current.id);
    }
    await uow.enqueueEvents(out);
    return { done, progressed: done.length + dropped };
  }

  return async function publishAnswers(
    caller: CallerIdentity | undefined,
    input: PublishAnswersInput,
  ): Promise<{ feedbackIds: string[]; count: number }> {
    const draft = input.draftId ? await repo.getDraft(input.draftId) : null;
    if (!draft || !canReadDraft(caller, draft)) throw new NotFoundError('draft', input.draftId);
    assertAgencyStaff(caller, draft.agencyId, 'publish answers');
    const ids: string[] = [];
    let count = 0;
    const note = (published: string[]) => {
      count += published.length;
      for (const id of published) if (ids.length < MAX_IDS_IN_RESPONSE) ids.push(id);
    };
    if (input.feedbackIds.length > 0) {
      if (input.feedbackIds.length > 1000)
        throw new InvalidArgumentError([{ field: 'feedbackIds', description: 'at most 1000' }]);
      const published = await repo.transaction(async (uow) => {
        const records: StoredFeedback[] = [];
        const violations: FieldViolation[] = [];
        for (const [i, id] of input.feedbackIds.entries()) {
          const r = await uow.getFeedback(id);
          if (!r || r.draftId !== draft.id || !r.answer)
            violations.push({
              field: `feedbackIds[${i}]`,
              description: 'is not an answered comment of this draft',
            });
          else records.push(r);
        }
        if (violations.length > 0) throw new InvalidArgumentError(violations);
        return publish(uow, records);
      });
      note(published.done);
      return { feedbackIds: ids, count };
    }
    // Each chunk leaves the pending queue as it is published, so the first page is always next.
    for (;;) {
      const page = await repo.listAnswerPending(draft.id, CHUNK, null);
      if (page.items.length === 0) break;
      const published = await repo.transaction((uow) => publish(uow, page.items));
      note(published.done);
      if (published.progressed === 0) break;
    }
    return { feedbackIds: ids, count };
  };
}
