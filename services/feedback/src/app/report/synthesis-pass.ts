// One pass over a draft's comments (a store cursor) feeds both the synthesis accumulator and the
// stance matrix, so the report and its opinion groups never need the comments twice.
import {
  findOpinionGroups,
  StanceMatrixBuilder,
  type OpinionGroupOptions,
  type OpinionGroupsResult,
} from './opinion-groups.js';
import type { ReportComment } from './report-input.model.js';
import { SynthesisAccumulator, type SynthesisOptions } from './synthesis-accumulator.js';
import type { ReportRow, SynthesisReport } from './synthesis-report.model.js';

export interface SynthesisPass {
  report: SynthesisReport;
  /** The table's rows, in the report's order; each call walks them afresh. */
  rows(): Iterable<ReportRow>;
  opinionGroups: OpinionGroupsResult;
}

export async function runSynthesisPass(
  comments: AsyncIterable<ReportComment> | Iterable<ReportComment>,
  options: SynthesisOptions & { opinionGroups?: OpinionGroupOptions },
): Promise<SynthesisPass> {
  const accumulator = new SynthesisAccumulator(options);
  const matrix = new StanceMatrixBuilder(options.draft.articles.map((a) => a.id));
  for await (const comment of comments) {
    accumulator.add(comment);
    matrix.add(comment);
  }
  return {
    report: accumulator.result(),
    rows: () => accumulator.rows(),
    opinionGroups: findOpinionGroups(matrix.build(), options.opinionGroups),
  };
}
