import { NotFoundError, parseInput, type CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { MAX_PAGE, type FeedbackDeps } from './feedback-deps.js';
import { pageSchema } from './feedback-input.js';
import { publicView, type PublicView } from './feedback-views.js';
import type { HideReason } from './feedback.model.js';
import type { Page } from './feedback.ports.js';

export interface ListPublicInput {
  draftId: string;
  articleId?: string;
  pageSize?: number;
  after: string | null;
}

const listSchema = z.object({
  ...pageSchema(MAX_PAGE),
});

/**
 * A disclosed draft's published comments, for everyone: masked text, answers only once
 * published, no submitter name or contact. Hidden comments never appear; they are counted per
 * reason.
 */
export function createListPublicFeedback(deps: Pick<FeedbackDeps, 'repo'>) {
  const { repo } = deps;

  return async function listPublicFeedback(
    _caller: CallerIdentity | undefined,
    input: ListPublicInput,
  ): Promise<Page<PublicView> & { hidden: { reason: HideReason; count: number }[] }> {
    const draft = input.draftId ? await repo.getDraft(input.draftId) : null;
    if (!draft?.publicDisclosure) throw new NotFoundError('draft', input.draftId);
    const parsed = parseInput(listSchema, input);
    const [page, hidden] = await Promise.all([
      repo.listFeedback({
        draftId: draft.id,
        articleId: input.articleId || undefined,
        states: ['published'],
        pageSize: parsed.pageSize,
        after: parsed.after,
        descending: false,
      }),
      repo.countHidden(draft.id),
    ]);
    return { items: page.items.map(publicView), nextCursor: page.nextCursor, hidden };
  };
}
