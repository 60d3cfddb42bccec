// The synthesis report on the wire: the counts a screen shows (totals, channels, units, articles,
// opinion groups); the table's rows and texts travel in the exports.
import { feedback as pb } from '@pcn/contracts';
import type { StanceCounts } from '../app/report/synthesis-report.model.js';
import type { Synthesis } from '../app/synthesis-of-draft.js';
import type { SynthesisFormat } from '../app/export-synthesis.usecase.js';
import { HIDE_REASONS, type HideReason } from '../app/feedback.model.js';
import { CHANNEL, HIDE_REASON } from './feedback.pb-enums.js';

const stances = (s: StanceCounts): pb.SynthesisStances => ({
  support: s.support,
  oppose: s.oppose,
  suggestChange: s.suggest_change,
  question: s.question,
});

export function synthesisToPb(s: Synthesis): pb.SynthesisReport {
  const r = s.report;
  const rowsByArticle = new Map<string | null, { rows: number; answered: number }>();
  for (const row of s.rows()) {
    const c = rowsByArticle.get(row.articleId) ?? { rows: 0, answered: 0 };
    c.rows += 1;
    if (row.answer) c.answered += 1;
    rowsByArticle.set(row.articleId, c);
  }
  const og = s.opinionGroups;
  return {
    draftId: r.draft.id,
    status: r.status,
    view:
      r.view === 'public'
        ? pb.SynthesisView.SYNTHESIS_VIEW_PUBLIC
        : pb.SynthesisView.SYNTHESIS_VIEW_AGENCY,
    generatedAt: r.generatedAt,
    opensAt: r.period.opensAt,
    closesAt: r.period.closesAt,
    publishedAt: s.published ? new Date(s.published.publishedAt) : undefined,
    all: r.totals.all,
    verified: r.totals.verified,
    unverified: r.totals.unverified,
    pendingModeration: r.totals.pendingModeration,
    hidden: (HIDE_REASONS as readonly HideReason[]).map((reason) => ({
      reason: HIDE_REASON.out(reason),
      count: r.totals.hidden.byReason[reason],
    })),
    channels: r.channels.map((c) => ({
      channel: CHANNEL.out(c.channel),
      received: c.received,
      verified: c.verified,
      hidden: c.hidden,
    })),
    units: r.units.map((u) => ({
      unitId: u.unitId,
      depth: u.depth,
      received: u.received,
      verified: u.verified,
      own: u.own,
    })),
    unknownUnit: r.unitsUnknown.unknownUnit,
    noUnit: r.unitsUnknown.noUnit,
    articles: r.articles.map((a) => ({
      articleId: a.articleId ?? '',
      number: a.number ?? '',
      comments: a.comments,
      groups: a.groups,
      opinions: stances(a.opinions),
      verifiedOpinions: stances(a.verifiedOpinions),
      rows: rowsByArticle.get(a.articleId)?.rows ?? 0,
      answeredRows: rowsByArticle.get(a.articleId)?.answered ?? 0,
      change: a.change.kind,
    })),
    opinionGroupsStatus: og.status === 'grouped' ? 'ok' : og.status,
    opinionGroups:
      og.status === 'grouped'
        ? og.groups.map((g) => ({
            size: g.participants.length,
            agreeArticleIds: g.representativeArticles
              .filter((a) => a.direction === 'agree')
              .map((a) => a.articleId),
            disagreeArticleIds: g.representativeArticles
              .filter((a) => a.direction === 'disagree')
              .map((a) => a.articleId),
          }))
        : [],
    consensusArticleIds: og.status === 'grouped' ? og.consensus.map((c) => c.articleId) : [],
  };
}

/** The export format from the wire; unset or unknown is refused by the caller's check. */
export function formatFromPb(f: pb.SynthesisFormat): SynthesisFormat | undefined {
  if (f === pb.SynthesisFormat.SYNTHESIS_FORMAT_DOCX) return 'docx';
  if (f === pb.SynthesisFormat.SYNTHESIS_FORMAT_CSV) return 'csv';
  return undefined;
}
