import type { CallerIdentity } from '@pcn/platform';
import { closeConsultation as closeConsultationRule } from './draft-lifecycle.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

/** The agency closes its consultation before its time (the scheduler closes it on time). */
export function createCloseConsultation(deps: WriteDeps) {
  const { rules, clock } = deps;

  return function closeConsultation(
    caller: CallerIdentity | undefined,
    input: DraftRef,
  ): Promise<ServedDraft> {
    return writeDraft(deps, caller, input, 'closeConsultation', (draft) => ({
      transition: closeConsultationRule(draft, 'agency', rules, clock.now()),
      changes: ['status', 'consultation.closedAt'],
    }));
  };
}
