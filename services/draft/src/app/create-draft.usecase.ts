import type { CallerIdentity } from '@pcn/platform';
import { z } from 'zod';
import { actorOf, assertCanWrite } from './draft-access.js';
import { translationsFor } from './draft-content.js';
import type { WriteDeps } from './draft-writer.js';
import { draftEvents } from './draft-events.js';
import {
  attachmentsSchema,
  documentTypeSchema,
  draftCodeSchema,
  draftContentSchema,
  idSchema,
  optionalIdSchema,
  parseDraftInput,
  tagsSchema,
  targetSchema,
} from './draft-input.js';
import { notYetConsulted } from './draft-lifecycle.js';
import { auditOf, versionOf } from './draft-records.js';
import type { Draft } from './draft.model.js';
import { servedDraft, type ServedDraft } from './readable-text.js';

export interface CreateDraftInput {
  code: string;
  documentType: string;
  agencyId: string;
  content: unknown;
  policyAreas?: unknown;
  target?: unknown;
  spokespersonId?: string | null;
  publicDisclosure?: boolean;
  attachments?: unknown;
}

/** The checked fields of a new draft, in the order their violations are reported. */
function createDraftSchema(documentTypes: readonly string[]) {
  return z.object({
    code: draftCodeSchema,
    documentType: documentTypeSchema(documentTypes),
    agencyId: idSchema,
    content: draftContentSchema,
    target: targetSchema,
    policyAreas: tagsSchema,
    attachments: attachmentsSchema,
    spokespersonId: optionalIdSchema,
  });
}

/**
 * An agency's editor (or a network admin) starts a draft in `drafting`: version 1 of its content,
 * its audit entry and `DraftCreated`, in one transaction.
 */
export function createCreateDraft(deps: WriteDeps) {
  const { repo, events, rules, clock, newId } = deps;
  const schema = createDraftSchema(Object.keys(rules.minConsultationMs));

  return async function createDraft(
    caller: CallerIdentity | undefined,
    input: CreateDraftInput,
  ): Promise<ServedDraft> {
    assertCanWrite(caller, input.agencyId);
    const checked = parseDraftInput(schema, input);
    const now = clock.now().toISOString();
    const draft: Draft = {
      id: newId(),
      code: checked.code,
      documentType: checked.documentType,
      agencyId: checked.agencyId,
      status: 'drafting',
      content: checked.content,
      translations: translationsFor(checked.content),
      contentVersion: 1,
      policyAreas: checked.policyAreas,
      target: checked.target,
      spokespersonId: checked.spokespersonId ?? null,
      publicDisclosure: input.publicDisclosure ?? true,
      attachments: checked.attachments,
      ...notYetConsulted(),
      createdAt: now,
      createdBy: actorOf(caller).id,
      updatedAt: now,
    };
    const saved = await repo.transaction(async (uow) => {
      const inserted = await uow.insertDraft(draft);
      await uow.addVersion(versionOf(inserted, 'created', caller));
      await uow.addAudit(
        auditOf(newId(), inserted, { caller, action: 'create', changes: ['*'], fromVersion: null }),
      );
      await uow.enqueueEvents(draftEvents(events, inserted, ['DraftCreated']));
      return inserted;
    });
    return servedDraft(caller, saved);
  };
}
