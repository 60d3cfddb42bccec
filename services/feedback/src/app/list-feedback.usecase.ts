import {
  FailedPreconditionError,
  NotFoundError,
  parseInput,
  type CallerIdentity,
} from '@pcn/platform';
import { DEFAULT_DUPLICATE_RULES, isCampaign } from './duplicates/duplicate-rules.js';
import { z } from 'zod';
import { assertAgencyStaff, canReadDraft, isNetworkAdmin } from './feedback-access.js';
import { MAX_PAGE, type FeedbackDeps } from './feedback-deps.js';
import { pageSchema } from './feedback-input.js';
import { staffView, type StaffView } from './feedback-views.js';
import { CHANNELS, FEEDBACK_STATES, STANCES } from './feedback.model.js';
import type { Page } from './feedback.ports.js';

export interface ListFeedbackInput {
  draftId: string;
  articleId?: string;
  states: readonly string[];
  stance?: string;
  channel?: string;
  groupId?: string;
  unitId?: string;
  pageSize?: number;
  after: string | null;
  descending: boolean;
  /** Only comments in a campaign's group. */
  campaign?: boolean;
}

/** Campaigns one campaign filter may name (the store's `$in` bound). */
const MAX_CAMPAIGNS = 1000;

const listSchema = z.object({
  states: z.array(z.enum(FEEDBACK_STATES, { error: `must be ${FEEDBACK_STATES.join(', ')}` })),
  stance: z.enum(STANCES).optional(),
  channel: z.enum(CHANNELS).optional(),
  ...pageSchema(MAX_PAGE),
});

/**
 * A draft's comments for its agency's editors and network admins (the moderation queue is the
 * `pending` state), with filters and keyset paging; intake order, or newest first.
 */
export function createListFeedback(deps: Pick<FeedbackDeps, 'repo' | 'campaignMinSize'>) {
  const { repo } = deps;
  const rules = {
    campaignMinSize: deps.campaignMinSize ?? DEFAULT_DUPLICATE_RULES.campaignMinSize,
  };

  return async function listFeedback(
    caller: CallerIdentity | undefined,
    input: ListFeedbackInput,
  ): Promise<Page<StaffView>> {
    const draft = input.draftId ? await repo.getDraft(input.draftId) : null;
    if (!draft || !canReadDraft(caller, draft)) throw new NotFoundError('draft', input.draftId);
    assertAgencyStaff(caller, draft.agencyId, 'list comments');
    const parsed = parseInput(listSchema, input);
    let groupIds: string[] | undefined;
    if (input.campaign) {
      groupIds = await repo.groupsFromSize(draft.id, rules.campaignMinSize);
      if (groupIds.length > MAX_CAMPAIGNS)
        throw new FailedPreconditionError(
          `this draft has ${groupIds.length} campaigns, more than ${MAX_CAMPAIGNS} can be listed at once: filter by group_id instead`,
          'TOO_MANY_CAMPAIGNS',
        );
    }
    const page = await repo.listFeedback({
      draftId: draft.id,
      articleId: input.articleId || undefined,
      states: parsed.states,
      stance: parsed.stance,
      channel: parsed.channel,
      groupId: input.groupId || undefined,
      groupIds,
      unitId: input.unitId || undefined,
      pageSize: parsed.pageSize,
      after: parsed.after,
      descending: input.descending,
    });
    const admin = isNetworkAdmin(caller);
    const sizes = await repo.groupSizes(page.items.flatMap((r) => (r.group ? [r.group.id] : [])));
    return {
      items: page.items.map((r) => {
        const size = r.group ? sizes.get(r.group.id) : undefined;
        return staffView(
          r,
          admin,
          size === undefined ? null : { size, campaign: isCampaign(size, rules) },
        );
      }),
      nextCursor: page.nextCursor,
    };
  };
}
