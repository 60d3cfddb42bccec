import { NotFoundError, type CallerIdentity } from '@pcn/platform';
import { assertCanWrite, canRead } from './draft-access.js';
import { MAX_PAGE, type DraftDeps } from './draft-deps.js';
import type { AuditEntry } from './draft.model.js';
import type { Page } from './draft.ports.js';

/** A draft's audit trail, newest first: for those who may write the draft. */
export function createListAudit(deps: Pick<DraftDeps, 'repo'>) {
  return async function listAudit(
    caller: CallerIdentity | undefined,
    input: { draftId: string; pageSize?: number; after?: string | null },
  ): Promise<Page<AuditEntry>> {
    const draft = await deps.repo.getDraft(input.draftId);
    // A draft the caller cannot even read is "not found", as for writes.
    if (!draft || !canRead(caller, draft)) throw new NotFoundError('draft', input.draftId);
    assertCanWrite(caller, draft.agencyId);
    return deps.repo.listAudit(
      input.draftId,
      Math.min(Math.max(input.pageSize ?? 50, 1), MAX_PAGE),
      input.after ?? null,
    );
  };
}
