import { InvalidArgumentError, type CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { staleTranslations, textsIn, translationsFor } from './draft-content.js';
import {
  attachmentsSchema,
  documentTypeSchema,
  draftContentSchema,
  optionalIdSchema,
  optionalText,
  parseDraftInput,
  tagsSchema,
  targetSchema,
} from './draft-input.js';
import { assertAllowed } from './draft-lifecycle.js';
import type { Draft } from './draft.model.js';
import { writeDraft, type DraftRef, type WriteDeps } from './draft-writer.js';
import type { ServedDraft } from './readable-text.js';

export interface UpdateDraftInput extends DraftRef {
  content?: unknown;
  documentType?: string;
  target?: unknown;
  policyAreas?: unknown;
  spokespersonId?: string | null;
  publicDisclosure?: boolean;
  attachments?: unknown;
  note?: string;
}

/** The fields an update may change (absent: unchanged), in the order violations are reported. */
function updateDraftSchema(documentTypes: readonly string[]) {
  return z.object({
    content: draftContentSchema.optional(),
    documentType: documentTypeSchema(documentTypes).optional(),
    target: targetSchema.optional(),
    policyAreas: tagsSchema.optional(),
    attachments: attachmentsSchema.optional(),
    spokespersonId: optionalIdSchema,
    note: optionalText(1000),
  });
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * Changes a draft still in drafting: only the fields given. New content is a new version; when its
 * Vietnamese changes, approved translations go back to draft.
 */
export function createUpdateDraft(deps: WriteDeps) {
  const schema = updateDraftSchema(Object.keys(deps.rules.minConsultationMs));

  return function updateDraft(
    caller: CallerIdentity | undefined,
    input: UpdateDraftInput,
  ): Promise<ServedDraft> {
    return writeDraft(deps, caller, input, 'update', (draft) => {
      assertAllowed('update', draft);
      const checked = parseDraftInput(schema, {
        ...input,
        // Only a new document type is checked: one the rules no longer name may stay.
        documentType: input.documentType === draft.documentType ? undefined : input.documentType,
      });
      const changes: string[] = [];
      let next: Draft = { ...draft };
      let contentChanged = false;
      if (checked.content && !same(checked.content, draft.content)) {
        const viChanged = !same(textsIn(checked.content, 'vi'), textsIn(draft.content, 'vi'));
        next = {
          ...next,
          content: checked.content,
          translations: translationsFor(
            checked.content,
            viChanged ? staleTranslations(draft.translations) : draft.translations,
          ),
        };
        changes.push('content');
        contentChanged = true;
      }
      if (checked.documentType !== undefined) {
        next.documentType = checked.documentType;
        changes.push('documentType');
      }
      if (checked.target) {
        next.target = checked.target;
        changes.push('target');
      }
      if (checked.policyAreas) {
        next.policyAreas = checked.policyAreas;
        changes.push('policyAreas');
      }
      if (checked.attachments) {
        next.attachments = checked.attachments;
        changes.push('attachments');
      }
      if (input.spokespersonId !== undefined) {
        next.spokespersonId = checked.spokespersonId ?? null;
        changes.push('spokespersonId');
      }
      if (input.publicDisclosure !== undefined) {
        next.publicDisclosure = input.publicDisclosure;
        changes.push('publicDisclosure');
      }
      if (changes.length === 0)
        throw new InvalidArgumentError([{ field: '(update)', description: 'nothing to change' }]);
      return {
        transition: { draft: next, events: ['DraftUpdated'] },
        changes,
        contentChanged: contentChanged ? { note: checked.note || 'updated' } : undefined,
        extras: { changedFields: changes },
      };
    });
  };
}
