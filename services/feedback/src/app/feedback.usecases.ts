import { createAnswerFeedback } from './answer-feedback.usecase.js';
import type { FeedbackDeps } from './feedback-deps.js';
import { createFlagFeedback } from './flag-feedback.usecase.js';
import { createImportFeedback } from './import-feedback.usecase.js';
import { createListFeedback } from './list-feedback.usecase.js';
import { createListMyFeedback } from './list-my-feedback.usecase.js';
import { createListPublicFeedback } from './list-public-feedback.usecase.js';
import { createModerateFeedback } from './moderate-feedback.usecase.js';
import { createPublishAnswers } from './publish-answers.usecase.js';
import { createPutUnits } from './put-units.usecase.js';
import { createSubmitFeedback } from './submit-feedback.usecase.js';
import {
  createExportSynthesis,
  type SynthesisFormat,
  type SynthesisRenderer,
} from './export-synthesis.usecase.js';
import { createGetSynthesisReport } from './get-synthesis-report.usecase.js';
import { createPublishSynthesis } from './publish-synthesis.usecase.js';

export type { FeedbackDeps } from './feedback-deps.js';

/**
 * The feedback service's use cases, one file each (`<name>.usecase.ts`), built from the same deps
 * for the gRPC adapter and the event handlers. They hold no I/O of their own.
 */
export function createFeedbackUseCases(
  deps: FeedbackDeps,
  renderers: Record<SynthesisFormat, SynthesisRenderer>,
) {
  return {
    submitFeedback: createSubmitFeedback(deps),
    importFeedback: createImportFeedback(deps),
    moderateFeedback: createModerateFeedback(deps),
    flagFeedback: createFlagFeedback(deps),
    answerFeedback: createAnswerFeedback(deps),
    publishAnswers: createPublishAnswers(deps),
    listFeedback: createListFeedback(deps),
    listPublicFeedback: createListPublicFeedback(deps),
    listMyFeedback: createListMyFeedback(deps),
    putUnits: createPutUnits(deps),
    getSynthesisReport: createGetSynthesisReport(deps),
    publishSynthesis: createPublishSynthesis(deps),
    exportSynthesis: createExportSynthesis(deps, renderers),
  };
}

export type FeedbackUseCases = ReturnType<typeof createFeedbackUseCases>;
