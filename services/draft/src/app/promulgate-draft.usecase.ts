import type { CallerIdentity } from '@pcn/platform';
import { promulgate } from './draft-lifecycle.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface PromulgateDraftInput extends DraftRef {
  documentNumber: string;
  signedOn: string;
  effectiveOn: string;
}

/** Records that the draft became law: its number, signing and effective dates. */
export function createPromulgateDraft(deps: WriteDeps) {
  const { rules, clock } = deps;

  return function promulgateDraft(
    caller: CallerIdentity | undefined,
    input: PromulgateDraftInput,
  ): Promise<ServedDraft> {
    return writeDraft(deps, caller, input, 'promulgate', (draft) => ({
      transition: promulgate(draft, input, rules, clock.now()),
      changes: ['status', 'promulgation'],
    }));
  };
}
