import type { CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { actorOf } from './draft-access.js';
import { parseDraftInput, requiredText } from './draft-input.js';
import { extendConsultation as extendConsultationRule } from './draft-lifecycle.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface ExtendConsultationInput extends DraftRef {
  closesAt: string;
  reason: string;
}

const extendConsultationSchema = z.object({ reason: requiredText(1000) });

/** Moves an open consultation's close later, with the reason the public is told. */
export function createExtendConsultation(deps: WriteDeps) {
  const { rules, clock } = deps;

  return function extendConsultation(
    caller: CallerIdentity | undefined,
    input: ExtendConsultationInput,
  ): Promise<ServedDraft> {
    return writeDraft(deps, caller, input, 'extendConsultation', (draft) => {
      const { reason } = parseDraftInput(extendConsultationSchema, input);
      const transition = extendConsultationRule(
        draft,
        { closesAt: input.closesAt, reason, by: actorOf(caller).id },
        rules,
        clock.now(),
      );
      return {
        transition,
        changes: ['consultation.closesAt'],
        extras: { changedFields: ['consultation.closesAt'] },
      };
    });
  };
}
