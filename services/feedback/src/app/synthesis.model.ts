import type { DocumentBase } from '@pcn/storage';
import type { OpinionGroupsResult } from './report/opinion-groups.js';
import type { ReportRow, SynthesisReport } from './report/synthesis-report.model.js';

/** A report as stored: its times as ISO strings. */
export type StoredReport = Omit<SynthesisReport, 'period' | 'generatedAt'> & {
  period: { opensAt: string; closesAt: string };
  generatedAt: string;
};

/**
 * A published synthesis report, frozen: the public view's report, its table's rows and its opinion
 * groups, as they were when the agency published it. The published report and its exports are
 * rendered from this record only, so they never change afterwards. Opinion groups keep their sizes
 * and articles, never the participants' keys. Id: the draft's id (one report per draft).
 */
export interface PublishedSynthesis extends DocumentBase {
  id: string;
  reportId: string;
  publishedAt: string;
  publishedBy: string;
  report: StoredReport;
  rows: ReportRow[];
  opinionGroups: OpinionGroupsResult;
}

export function storedReport(report: SynthesisReport): StoredReport {
  return {
    ...report,
    period: {
      opensAt: report.period.opensAt.toISOString(),
      closesAt: report.period.closesAt.toISOString(),
    },
    generatedAt: report.generatedAt.toISOString(),
  };
}

export function reportOfStored(stored: StoredReport): SynthesisReport {
  return {
    ...stored,
    period: {
      opensAt: new Date(stored.period.opensAt),
      closesAt: new Date(stored.period.closesAt),
    },
    generatedAt: new Date(stored.generatedAt),
  };
}

/** Opinion groups without who is in them: sizes, articles and consensus are what the report shows. */
export function anonymousOpinionGroups(result: OpinionGroupsResult): OpinionGroupsResult {
  if (result.status !== 'grouped') return result;
  return {
    ...result,
    groups: result.groups.map((g) => ({
      ...g,
      participants: g.participants.map((_, i) => `${i}`),
    })),
    projection: { participants: [], points: [] },
  };
}
