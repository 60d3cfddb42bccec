import { FailedPreconditionError, NotFoundError, type CallerIdentity } from '@pcn/platform';
import { canReadDraft, isNetworkAdmin } from './feedback-access.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { hasRole } from '@pcn/platform';
import {
  computeSynthesis,
  frozenSynthesis,
  hasWindow,
  type Synthesis,
} from './synthesis-of-draft.js';

/** The drafting agency's editors and network admins: they see the agency view. */
export function isDraftStaff(caller: CallerIdentity | undefined, agencyId: string): boolean {
  if (isNetworkAdmin(caller)) return true;
  return hasRole(caller, 'agency_editor') && caller?.organizationId === agencyId;
}

/**
 * The synthesis report of a draft. Once published, everyone who may read the draft gets the frozen
 * report. Before that, the drafting agency's editors and network admins get the agency view, live
 * while the consultation is open and final after it; others get NOT_FOUND (nothing is public yet).
 */
export function createGetSynthesisReport(deps: Pick<FeedbackDeps, 'repo' | 'clock'>) {
  const { repo, clock } = deps;

  return async function getSynthesisReport(
    caller: CallerIdentity | undefined,
    input: { draftId: string },
  ): Promise<Synthesis> {
    const draft = input.draftId ? await repo.getDraft(input.draftId) : null;
    if (!draft || !canReadDraft(caller, draft)) throw new NotFoundError('draft', input.draftId);
    const staff = isDraftStaff(caller, draft.agencyId);
    const published = await repo.getSynthesis(draft.id);
    if (published) return frozenSynthesis(published);
    if (!staff) throw new NotFoundError('published synthesis report of draft', draft.id);
    if (!hasWindow(draft))
      throw new FailedPreconditionError(
        `Draft ${draft.id} has not been put to consultation: there is no report yet`,
        'CONSULTATION_NOT_OPEN',
      );
    return computeSynthesis(repo, draft, 'agency', clock.now());
  };
}
