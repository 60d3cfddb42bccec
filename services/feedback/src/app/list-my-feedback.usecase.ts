import {
  InvalidArgumentError,
  parseInput,
  UnauthenticatedError,
  type CallerIdentity,
} from '@pcn/platform';
import { z } from 'zod';
import { MAX_PAGE, type FeedbackDeps } from './feedback-deps.js';
import { pageSchema } from './feedback-input.js';
import { ownView, type StaffView } from './feedback-views.js';
import type { Page } from './feedback.ports.js';
import { ownerKeyOf, sourceOf } from './submitter.js';

export interface ListMyFeedbackInput {
  /** A partner system: its reference for the user whose comments it lists. */
  externalRef?: string;
  pageSize?: number;
  after: string | null;
}

const listSchema = z.object({
  externalRef: z.string().trim().max(128, 'must be at most 128 characters').optional(),
  ...pageSchema(MAX_PAGE),
});

/**
 * "My comments", newest first, across drafts: a signed-in user's own, or a partner system's
 * user's (by the partner's reference). Each is shown whole to its author (their contact and
 * demographics too), answers only once published.
 */
export function createListMyFeedback(deps: Pick<FeedbackDeps, 'repo'>) {
  const { repo } = deps;

  return async function listMyFeedback(
    caller: CallerIdentity | undefined,
    input: ListMyFeedbackInput,
  ): Promise<Page<StaffView>> {
    const parsed = parseInput(listSchema, input);
    const source = sourceOf(caller);
    let ownerKey: string | null = null;
    if (source.kind === 'user')
      ownerKey = ownerKeyOf({
        via: 'user',
        userId: source.userId,
        clientId: null,
        externalRef: null,
      });
    else if (source.kind === 'partner') {
      if (!parsed.externalRef)
        throw new InvalidArgumentError([
          {
            field: 'externalRef',
            description: "is required: the partner's reference for its user",
          },
        ]);
      ownerKey = ownerKeyOf({
        via: 'partner',
        userId: null,
        clientId: source.clientId,
        externalRef: parsed.externalRef,
      });
    }
    if (ownerKey === null)
      throw new UnauthenticatedError('Sign in (or call as a partner system) to list your comments');
    const page = await repo.listOwn(ownerKey, parsed.pageSize, parsed.after);
    return { items: page.items.map(ownView), nextCursor: page.nextCursor };
  };
}
