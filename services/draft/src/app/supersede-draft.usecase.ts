import { NotFoundError, type CallerIdentity } from '@pcn/platform';
import { canRead } from './draft-access.js';
import type { DraftDeps } from './draft-deps.js';
import { idSchema, parseDraftInput } from './draft-input.js';
import { supersede } from './draft-lifecycle.js';
import { writeDraft } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface SupersedeDraftInput {
  id: string;
  expectedVersion: number;
  /** The draft that amends or repeals this one; the caller must be able to read it. */
  byDraftId: string;
}

/** Marks a promulgated draft amended or repealed by another draft. */
export function createSupersedeDraft(
  deps: Pick<DraftDeps, 'repo' | 'events' | 'rules' | 'clock' | 'newId'>,
) {
  const { rules, clock } = deps;

  return function supersedeDraft(
    caller: CallerIdentity | undefined,
    kind: 'amend' | 'repeal',
    input: SupersedeDraftInput,
  ): Promise<ServedDraft> {
    const field = kind === 'amend' ? 'amendedByDraftId' : 'repealedByDraftId';
    const target = { id: input.id, expectedVersion: input.expectedVersion, action: kind };
    return writeDraft(deps, caller, target, async (draft, uow) => {
      parseDraftInput(idSchema, input.byDraftId, field);
      const by = await uow.getDraft(input.byDraftId);
      if (!by || !canRead(caller, by)) throw new NotFoundError('draft', input.byDraftId);
      return {
        transition: supersede(draft, kind, input.byDraftId, rules, clock.now()),
        changes: ['status', field],
      };
    });
  };
}
