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

/** Published files kept rendered (a published report never changes); the oldest goes first. */
export const PUBLISHED_FILES_CACHED = 8;

/**
 * The report a caller may see (same rules as GetSynthesisReport), as a DOCX or CSV file. A
 * published report's files are rendered once and kept (by report id and format), so anonymous
 * downloads of a popular report cost no render each, and each download is the same bytes.
 */
export function createExportSynthesis(
  deps: Pick<FeedbackDeps, 'repo' | 'clock'>,
  render: Record<SynthesisFormat, SynthesisRenderer>,
) {
  const getSynthesisReport = createGetSynthesisReport(deps);
  const published = new Map<string, Promise<Buffer>>();

  function renderPublished(key: string, synthesis: Synthesis, format: SynthesisFormat) {
    const known = published.get(key);
    if (known) return known;
    const rendering = render[format](synthesis);
    published.set(key, rendering);
    // A failed render is not kept: the next download tries again.
    rendering.catch(() => published.delete(key));
    while (published.size > PUBLISHED_FILES_CACHED) {
      const oldest = published.keys().next().value;
      if (oldest === undefined) break;
      published.delete(oldest);
    }
    return rendering;
  }

  return async function exportSynthesis(
    caller: CallerIdentity | undefined,
    input: { draftId: string; format: SynthesisFormat },
  ): Promise<ExportedSynthesis> {
    const synthesis = await getSynthesisReport(caller, { draftId: input.draftId });
    const content = synthesis.published
      ? await renderPublished(
          `${synthesis.published.reportId}.${input.format}`,
          synthesis,
          input.format,
        )
      : await render[input.format](synthesis);
    const kind = synthesis.published ? 'published' : synthesis.report.status;
    return {
      content,
      fileName: `synthesis-${synthesis.report.draft.code}-${kind}.${input.format}`,
      contentType: CONTENT_TYPES[input.format],
    };
  };
}
