import {
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  parseInput,
  type CallerIdentity,
} from '@pcn/platform';
import { z } from 'zod';
import { assertAgencyStaff, canReadDraft } from './feedback-access.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { OUTCOMES, type Answer, type DraftInfo } from './feedback.model.js';
import type { FeedbackUnitOfWork, StoredFeedback } from './feedback.ports.js';
import { loadForStaff } from './staff-write.js';

/** Longest explanation, in code points after NFC. */
export const MAX_ANSWER_REASON = 5000;
/** Comments of a group answered per transaction. */
const CHUNK = 500;
/** Ids listed in a response; the count says how many there were. */
export const MAX_IDS_IN_RESPONSE = 1000;

export interface AnswerInput {
  /** One comment... */
  feedbackId?: string;
  /** ...or every comment of a group of `draftId`. */
  groupId?: string;
  draftId: string;
  outcome: string;
  reason: string;
  changedArticleIds: readonly string[];
}

const answerSchema = z.object({
  outcome: z.enum(OUTCOMES, { error: `must be one of ${OUTCOMES.join(', ')}` }),
  reason: z
    .string()
    .max(MAX_ANSWER_REASON * 4, `must be at most ${MAX_ANSWER_REASON} characters`)
    .transform((v) => v.normalize('NFC').trim())
    .refine((v) => v.length > 0, 'is required: the explanation the law asks for')
    .refine(
      (v) => [...v].length <= MAX_ANSWER_REASON,
      `must be at most ${MAX_ANSWER_REASON} characters`,
    ),
  changedArticleIds: z
    .array(z.string().max(128))
    .max(1000, 'at most 1000')
    .transform((ids) => [...new Set(ids)]),
});

function checkArticles(draft: DraftInfo, ids: readonly string[], given: readonly string[]) {
  const known = new Set([...draft.knownArticleIds, ...draft.articles.map((a) => a.id)]);
  const violations = given
    .map((id, i) => ({ id, i }))
    .filter(({ id }) => ids.includes(id) && !known.has(id))
    .map(({ id, i }) => ({
      field: `changedArticleIds[${i}]`,
      description: `${id.slice(0, 64)} is not an article of draft ${draft.id}`,
    }));
  if (violations.length > 0) throw new InvalidArgumentError(violations);
}

/**
 * Answers one comment, or every comment of a group at once (hidden ones left out): the outcome,
 * the reason and the articles changed. Stage one of two: the answer is public only once
 * published (PublishAnswers). Answering again replaces the answer, which then waits to be
 * published again. The drafting agency's editors and network admins.
 */
export function createAnswerFeedback(deps: Pick<FeedbackDeps, 'repo' | 'clock'>) {
  const { repo, clock } = deps;

  function answered(record: StoredFeedback, answer: Answer): StoredFeedback {
    return { ...record, answer, answerPendingDraftId: record.draftId };
  }

  async function answerOne(
    uow: FeedbackUnitOfWork,
    caller: CallerIdentity | undefined,
    input: AnswerInput,
  ) {
    const { record, draft } = await loadForStaff(uow, caller, input.feedbackId ?? '');
    const actor = assertAgencyStaff(caller, draft.agencyId, 'answer comments');
    const parsed = parseInput(answerSchema, input);
    checkArticles(draft, parsed.changedArticleIds, input.changedArticleIds);
    if (record.state === 'hidden')
      throw new FailedPreconditionError(
        `Comment ${record.id} is hidden; publish it before answering`,
        'FEEDBACK_HIDDEN',
      );
    const answer: Answer = {
      ...parsed,
      answeredAt: clock.now().toISOString(),
      answeredBy: actor.id,
      publishedAt: null,
      groupId: null,
    };
    await uow.updateFeedback(answered(record, answer));
    return [record.id];
  }

  return async function answerFeedback(
    caller: CallerIdentity | undefined,
    input: AnswerInput,
  ): Promise<{ feedbackIds: string[]; count: number }> {
    if (input.feedbackId && input.groupId)
      throw new InvalidArgumentError([
        { field: 'groupId', description: 'answer one comment or one group, not both' },
      ]);
    if (input.feedbackId) {
      const ids = await repo.transaction((uow) => answerOne(uow, caller, input));
      return { feedbackIds: ids, count: ids.length };
    }
    if (!input.groupId)
      throw new InvalidArgumentError([
        { field: 'feedbackId', description: 'is required: the comment or the group to answer' },
      ]);
    const draft = input.draftId ? await repo.getDraft(input.draftId) : null;
    if (!draft || !canReadDraft(caller, draft)) throw new NotFoundError('draft', input.draftId);
    const actor = assertAgencyStaff(caller, draft.agencyId, 'answer comments');
    const parsed = parseInput(answerSchema, input);
    checkArticles(draft, parsed.changedArticleIds, input.changedArticleIds);
    const answer: Answer = {
      ...parsed,
      answeredAt: clock.now().toISOString(),
      answeredBy: actor.id,
      publishedAt: null,
      groupId: input.groupId,
    };
    const ids: string[] = [];
    let count = 0;
    let after: string | null = null;
    // A campaign may hold tens of thousands of copies: a chunk per transaction. Answering is a
    // put of the same answer, so a retry after a failure part-way gives the same result.
    do {
      const page = await repo.listGroup(draft.id, input.groupId, CHUNK, after);
      const open = page.items.filter((r) => r.state !== 'hidden');
      if (open.length > 0)
        await repo.transaction(async (uow) => {
          for (const r of open) {
            const current = await uow.getFeedback(r.id);
            if (current && current.state !== 'hidden')
              await uow.updateFeedback(answered(current, answer));
          }
        });
      for (const r of open) if (ids.length < MAX_IDS_IN_RESPONSE) ids.push(r.id);
      count += open.length;
      after = page.nextCursor;
    } while (after);
    if (count === 0) throw new NotFoundError('group', input.groupId);
    return { feedbackIds: ids, count };
  };
}
