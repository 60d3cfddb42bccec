// One pass over a draft's comments, paged from the store (memory stays flat: the accumulator holds
// digests and compact rows, never the comments), into the synthesis report and its rows.
import type { DraftInfo, UnitRecord } from './feedback.model.js';
import type { FeedbackRepository } from './feedback.ports.js';
import { runSynthesisPass } from './report/synthesis-pass.js';
import type { ReportComment } from './report/report-input.model.js';
import type { OpinionGroupsResult } from './report/opinion-groups.js';
import type { ReportRow, ReportView, SynthesisReport } from './report/synthesis-report.model.js';
import { reportCommentOf, reportDraftOf, reportUnitOf } from './synthesis-source.js';
import { reportOfStored, type PublishedSynthesis } from './synthesis.model.js';

/** Comments read per page from the store. */
export const SYNTHESIS_PAGE = 500;

/** A report ready to show or export: live, final, or the frozen published one. */
export interface Synthesis {
  report: SynthesisReport;
  rows(): Iterable<ReportRow>;
  opinionGroups: OpinionGroupsResult;
  /** Set when this is the published (frozen) report. */
  published: { reportId: string; publishedAt: string } | null;
  /** Languages of the comments counted (for SynthesisPublished). */
  languages: string[];
}

type OpenedDraft = DraftInfo & { window: { opensAt: string; closesAt: string } };

async function* commentsOf(
  repo: FeedbackRepository,
  draftId: string,
  view: ReportView,
  languages: Set<string>,
): AsyncIterable<ReportComment> {
  let after: string | null = null;
  do {
    const page = await repo.listFeedback({
      draftId,
      states: [],
      pageSize: SYNTHESIS_PAGE,
      after,
      descending: false,
    });
    for (const record of page.items) {
      if (record.state !== 'hidden') languages.add(record.language);
      yield reportCommentOf(record, view);
    }
    after = page.nextCursor;
  } while (after !== null);
}

async function unitsOf(repo: FeedbackRepository): Promise<UnitRecord[]> {
  const units: UnitRecord[] = [];
  let after: string | null = null;
  do {
    const page = await repo.listUnits(1000, after);
    units.push(...page.items);
    after = page.nextCursor;
  } while (after !== null);
  return units;
}

export async function computeSynthesis(
  repo: FeedbackRepository,
  draft: OpenedDraft,
  view: ReportView,
  now: Date,
): Promise<Synthesis> {
  const languages = new Set<string>();
  const units = (await unitsOf(repo)).map(reportUnitOf);
  const [consulted, revised] = await Promise.all([
    draft.consultedVersion === null ? null : repo.getDraftVersion(draft.id, draft.consultedVersion),
    draft.revisedVersion ? repo.getDraftVersion(draft.id, draft.revisedVersion) : null,
  ]);
  const pass = await runSynthesisPass(commentsOf(repo, draft.id, view, languages), {
    draft: reportDraftOf(draft, { consulted, revised }),
    units,
    view,
    now,
  });
  return {
    report: pass.report,
    rows: () => pass.rows(),
    opinionGroups: pass.opinionGroups,
    published: null,
    languages: [...languages].sort(),
  };
}

export function frozenSynthesis(record: PublishedSynthesis): Synthesis {
  return {
    report: reportOfStored(record.report),
    rows: () => record.rows,
    opinionGroups: record.opinionGroups,
    published: { reportId: record.reportId, publishedAt: record.publishedAt },
    languages: [],
  };
}

export function hasWindow(draft: DraftInfo): draft is OpenedDraft {
  return draft.window !== null && draft.status !== 'known';
}
