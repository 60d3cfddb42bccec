import type { CallerIdentity } from '@pcn/platform';
import type { DraftDeps } from './draft-deps.js';
import { closeConsultation as closeConsultationRule } from './draft-lifecycle.js';
import { writeDraft } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

/** The agency closes its consultation before its time (the scheduler closes it on time). */
export function createCloseConsultation(
  deps: Pick<DraftDeps, 'repo' | 'events' | 'rules' | 'clock' | 'newId'>,
) {
  const { rules, clock } = deps;

  return function closeConsultation(
    caller: CallerIdentity | undefined,
    input: { id: string; expectedVersion: number },
  ): Promise<ServedDraft> {
    const target = { ...input, action: 'closeConsultation' };
    return writeDraft(deps, caller, target, (draft) => ({
      transition: closeConsultationRule(draft, 'agency', rules, clock.now()),
      changes: ['status', 'consultation.closedAt'],
    }));
  };
}
