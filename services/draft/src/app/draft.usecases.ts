import { createCloseConsultation } from './close-consultation.usecase.js';
import { createCreateDraft } from './create-draft.usecase.js';
import { createDiffVersions } from './diff-versions.usecase.js';
import type { DraftDeps } from './draft-deps.js';
import { createExtendConsultation } from './extend-consultation.usecase.js';
import { createGetDraft } from './get-draft.usecase.js';
import { createGetDrafts } from './get-drafts.usecase.js';
import { createGetVersion } from './get-version.usecase.js';
import { createListAudit } from './list-audit.usecase.js';
import { createListDrafts } from './list-drafts.usecase.js';
import { createOpenConsultation } from './open-consultation.usecase.js';
import { createPromulgateDraft } from './promulgate-draft.usecase.js';
import { createReviseDraft } from './revise-draft.usecase.js';
import { createRunSchedule } from './run-schedule.usecase.js';
import { createSetTranslation } from './set-translation.usecase.js';
import { createSupersedeDraft } from './supersede-draft.usecase.js';
import { createUpdateDraft } from './update-draft.usecase.js';

export type { DraftDeps } from './draft-deps.js';

/**
 * The draft service's use cases, one file each (`<name>.usecase.ts`), built from the same deps
 * for the gRPC adapter and the scheduler. They hold no I/O of their own: the repository does it.
 */
export function createDraftUseCases(deps: DraftDeps) {
  return {
    createDraft: createCreateDraft(deps),
    updateDraft: createUpdateDraft(deps),
    setTranslation: createSetTranslation(deps),
    openConsultation: createOpenConsultation(deps),
    extendConsultation: createExtendConsultation(deps),
    closeConsultation: createCloseConsultation(deps),
    reviseDraft: createReviseDraft(deps),
    promulgateDraft: createPromulgateDraft(deps),
    supersedeDraft: createSupersedeDraft(deps),
    getDraft: createGetDraft(deps),
    getDrafts: createGetDrafts(deps),
    getVersion: createGetVersion(deps),
    diffVersions: createDiffVersions(deps),
    listDrafts: createListDrafts(deps),
    listAudit: createListAudit(deps),
    runSchedule: createRunSchedule(deps),
  };
}

export type DraftUseCases = ReturnType<typeof createDraftUseCases>;
