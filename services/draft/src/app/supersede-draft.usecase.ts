import { NotFoundError, type CallerIdentity } from '@pcn/platform';
import { canRead, readersGuard } from './draft-access.js';
import { idSchema, parseDraftInput } from './draft-input.js';
import { supersede } from './draft-lifecycle.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface SupersedeDraftInput extends DraftRef {
  /** The draft that amends or repeals this one; the caller must be able to read it. */
  byDraftId: string;
}

/** Marks a promulgated draft amended or repealed by another draft. */
export function createSupersedeDraft(deps: WriteDeps) {
  const { rules, clock } = deps;

  return function supersedeDraft(
    caller: CallerIdentity | undefined,
    kind: 'amend' | 'repeal',
    input: SupersedeDraftInput,
  ): Promise<ServedDraft> {
    const field = kind === 'amend' ? 'amendedByDraftId' : 'repealedByDraftId';
    return writeDraft(deps, caller, input, kind, async (draft, uow) => {
      parseDraftInput(idSchema, input.byDraftId, field);
      // The rule rests on the other draft (it exists, the caller can read it): guarded before
      // reading it, against a concurrent write that changes its readers (see `readersGuard`).
      await uow.guard(readersGuard(input.byDraftId));
      const by = await uow.getDraft(input.byDraftId);
      if (!by || !canRead(caller, by)) throw new NotFoundError('draft', input.byDraftId);
      return {
        transition: supersede(draft, kind, input.byDraftId, rules, clock.now()),
        changes: ['status', field],
      };
    });
  };
}
