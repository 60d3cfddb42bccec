import type { CallerIdentity } from '@pcn/platform';
import type { FeedbackDeps } from './feedback-deps.js';
import { createGetSynthesisReport } from './get-synthesis-report.usecase.js';
import type { Synthesis } from './synthesis-of-draft.js';

export const SYNTHESIS_FORMATS = ['docx', 'csv'] as const;
export type SynthesisFormat = (typeof SYNTHESIS_FORMATS)[number];

/** Renders a report into a file; the adapters (DOCX in a worker, CSV streamed) are injected. */
export type SynthesisRenderer = (synthesis: Synthesis) => Promise<Buffer>;

export interface ExportedSynthesis {
  content: Buffer;
  fileName: string;
  contentType: string;
}

const CONTENT_TYPES: Record<SynthesisFormat, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  csv: 'text/csv; charset=utf-8',
};

/** The report a caller may see (same rules as GetSynthesisReport), as a DOCX or CSV file. */
export function createExportSynthesis(
  deps: Pick<FeedbackDeps, 'repo' | 'clock'>,
  render: Record<SynthesisFormat, SynthesisRenderer>,
) {
  const getSynthesisReport = createGetSynthesisReport(deps);

  return async function exportSynthesis(
    caller: CallerIdentity | undefined,
    input: { draftId: string; format: SynthesisFormat },
  ): Promise<ExportedSynthesis> {
    const synthesis = await getSynthesisReport(caller, { draftId: input.draftId });
    const content = await render[input.format](synthesis);
    const kind = synthesis.published ? 'published' : synthesis.report.status;
    return {
      content,
      fileName: `synthesis-${synthesis.report.draft.code}-${kind}.${input.format}`,
      contentType: CONTENT_TYPES[input.format],
    };
  };
}
