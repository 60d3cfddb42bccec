import { NotFoundError, type CallerIdentity } from '@pcn/platform';
import { canRead } from './draft-access.js';
import type { DraftDeps } from './draft-deps.js';
import type { StoredDraft } from './draft.ports.js';

/** A draft the caller may read; not found and not visible look the same, so existence does not leak. */
export async function readableDraft(
  deps: Pick<DraftDeps, 'repo'>,
  caller: CallerIdentity | undefined,
  id: string,
): Promise<StoredDraft> {
  const draft = await deps.repo.getDraft(id);
  if (!draft || !canRead(caller, draft)) throw new NotFoundError('draft', id);
  return draft;
}
