import type { CallerIdentity } from '@pcn/platform';
import type { DraftDeps } from './draft-deps.js';
import { readableDraft } from './readable-draft.js';
import { servedDraft, type ServedDraft } from './readable-text.js';

/** One draft, as the caller may read it. */
export function createGetDraft(deps: Pick<DraftDeps, 'repo'>) {
  return async function getDraft(
    caller: CallerIdentity | undefined,
    id: string,
  ): Promise<ServedDraft> {
    return servedDraft(caller, await readableDraft(deps, caller, id));
  };
}
