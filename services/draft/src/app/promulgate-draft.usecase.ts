import type { CallerIdentity } from '@pcn/platform';
import type { DraftDeps } from './draft-deps.js';
import { promulgate } from './draft-lifecycle.js';
import { writeDraft } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface PromulgateDraftInput {
  id: string;
  expectedVersion: number;
  documentNumber: string;
  signedOn: string;
  effectiveOn: string;
}

/** Records that the draft became law: its number, signing and effective dates. */
export function createPromulgateDraft(
  deps: Pick<DraftDeps, 'repo' | 'events' | 'rules' | 'clock' | 'newId'>,
) {
  const { rules, clock } = deps;

  return function promulgateDraft(
    caller: CallerIdentity | undefined,
    input: PromulgateDraftInput,
  ): Promise<ServedDraft> {
    const target = { id: input.id, expectedVersion: input.expectedVersion, action: 'promulgate' };
    return writeDraft(deps, caller, target, (draft) => ({
      transition: promulgate(draft, input, rules, clock.now()),
      changes: ['status', 'promulgation'],
    }));
  };
}
