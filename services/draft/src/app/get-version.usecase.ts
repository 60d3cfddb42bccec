import { NotFoundError, type CallerIdentity } from '@pcn/platform';
import type { DraftDeps } from './draft-deps.js';
import type { DraftVersion } from './draft.model.js';
import { readableDraft } from './readable-draft.js';
import { servedVersion, type Served } from './readable-text.js';

/** One version of a draft's content, in the languages the caller may read. */
export function createGetVersion(deps: Pick<DraftDeps, 'repo'>) {
  return async function getVersion(
    caller: CallerIdentity | undefined,
    draftId: string,
    number: number,
  ): Promise<Served<DraftVersion>> {
    const draft = await readableDraft(deps, caller, draftId);
    const version = Number.isInteger(number) ? await deps.repo.getVersion(draftId, number) : null;
    if (!version) throw new NotFoundError('draft version', `${draftId}:${number}`);
    return servedVersion(caller, draft.agencyId, version);
  };
}
