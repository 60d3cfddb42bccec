import type { CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { languageTagSchema, parseDraftInput, UNKNOWN_LANGUAGE } from './draft-input.js';
import {
  openConsultation as openConsultationRule,
  type OpenConsultationInput as ConsultationWindow,
} from './draft-lifecycle.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface OpenConsultationInput extends ConsultationWindow, DraftRef {}

const openConsultationSchema = z.object({
  languages: z
    .array(languageTagSchema((tag) => `${tag.slice(0, 40)}: ${UNKNOWN_LANGUAGE}`))
    .optional(),
});

/** Opens (or schedules) public consultation on a draft, for the window and languages given. */
export function createOpenConsultation(deps: WriteDeps) {
  const { rules, clock } = deps;

  return function openConsultation(
    caller: CallerIdentity | undefined,
    input: OpenConsultationInput,
  ): Promise<ServedDraft> {
    return writeDraft(deps, caller, input, 'openConsultation', (draft) => {
      const { languages } = parseDraftInput(openConsultationSchema, input);
      const transition = openConsultationRule(draft, { ...input, languages }, rules, clock.now());
      return { transition, changes: ['status', 'consultation'] };
    });
  };
}
