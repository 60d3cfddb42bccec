// What the synthesis report reads, from the feedback service's own records: each stored comment
// as a `ReportComment`, the draft as a `ReportDraft`, the unit tree. Pure: no I/O.
import { createHash } from 'node:crypto';
import type {
  DraftInfo,
  DraftVersionRecord,
  FeedbackRecord,
  UnitRecord,
} from './feedback.model.js';
import { maskPersonalData } from './mask-personal-data.js';
import type {
  ReportArticle,
  ReportComment,
  ReportDraft,
  ReportUnit,
} from './report/report-input.model.js';
import { SUBMITTER_LABELS } from './report/report-labels.js';
import type { ReportView } from './report/synthesis-report.model.js';

/**
 * Who the person is, to count people once: the signed-in user, the partner system's user, or the
 * contact. A digest, so the report's memory never holds an address; null when unknown.
 */
export function personKeyOf(record: FeedbackRecord): string | null {
  const s = record.submitter;
  let key: string | null = null;
  if (s.via === 'user' && s.userId) key = `user:${s.userId}`;
  else if (s.via === 'partner' && s.clientId && s.externalRef)
    key = `partner:${s.clientId}:${s.externalRef}`;
  else if (s.contact) key = `contact:${s.contact.channel}:${s.contact.address}`;
  return key === null ? null : createHash('sha256').update(key).digest('base64url');
}

/**
 * A stored comment as the report reads it. Public view: the text masked for personal data.
 * A hidden comment's text never leaves this function (the report counts it, with its reason).
 */
export function reportCommentOf(record: FeedbackRecord, view: ReportView): ReportComment {
  const hidden = record.state === 'hidden';
  const s = record.submitter;
  const label =
    s.kind === 'organization' && s.organizationName ? s.organizationName : SUBMITTER_LABELS[s.kind];
  return {
    id: record.id,
    draftId: record.draftId,
    articleId: record.articleId,
    clauseId: record.clauseId,
    stance: record.stance,
    text: hidden ? '' : view === 'public' ? maskPersonalData(record.text) : record.text,
    language: record.language,
    channel: record.channel,
    submitter: { kind: s.kind, label },
    verified: record.verified,
    personKey: personKeyOf(record),
    unitId: record.unitId,
    moderation:
      record.state === 'hidden'
        ? { state: 'hidden', reason: record.moderation?.reason ?? 'spam' }
        : { state: record.state },
    group: record.group,
    answer: record.answer
      ? {
          outcome: record.answer.outcome,
          reason: record.answer.reason,
          changedArticleIds: record.answer.changedArticleIds,
          published: record.answer.publishedAt !== null,
        }
      : null,
    demographics: record.demographics
      ? {
          ethnicGroup: record.demographics.ethnicGroup ?? undefined,
          gender: record.demographics.gender ?? undefined,
          ageBand: record.demographics.ageBand ?? undefined,
        }
      : null,
  };
}

/** Headings in Vietnamese when the draft has them, else its first published language. */
function headingOf(heading: Record<string, string>): string {
  return heading.vi ?? Object.values(heading)[0] ?? '';
}

/** The consulted version's and the revision's articles, as their draft events carried them. */
export interface DraftVersions {
  consulted: DraftVersionRecord | null;
  revised: DraftVersionRecord | null;
}

/**
 * The draft as the report reads it: the consulted version's articles, then any the revision added.
 * Once a revision exists, each article's change is the one the draft service's diff found
 * (`changedArticleIds`); its texts are shown where the events carried them (an event holds a
 * bounded amount of text). The draft's code stands for its title, which the events do not carry.
 */
export function reportDraftOf(
  draft: DraftInfo & { window: { opensAt: string; closesAt: string } },
  versions: DraftVersions = { consulted: null, revised: null },
): ReportDraft {
  const consultedTexts = new Map(versions.consulted?.articles.map((a) => [a.id, a.text]));
  const revision =
    versions.revised && versions.revised.contentVersion > (draft.consultedVersion ?? 0)
      ? versions.revised
      : null;
  const revisedArticles = new Map(revision?.articles.map((a) => [a.id, a]));
  const changed = new Set(revision?.changedArticleIds);
  const articles: ReportArticle[] = draft.articles.map((a) => {
    const consultedText = consultedTexts.get(a.id) ?? null;
    const base = { id: a.id, number: a.number, heading: headingOf(a.heading), consultedText };
    if (!revision) return { ...base, revisedText: null };
    const r = revisedArticles.get(a.id);
    if (!r) return { ...base, revisedText: null, revision: 'removed' };
    if (!changed.has(a.id)) return { ...base, revisedText: consultedText, revision: 'unchanged' };
    return { ...base, revisedText: r.text ?? null, revision: 'changed' };
  });
  const consultedIds = new Set(draft.articles.map((a) => a.id));
  for (const r of revision?.articles ?? [])
    if (!consultedIds.has(r.id))
      articles.push({
        id: r.id,
        number: r.number,
        heading: headingOf(r.heading),
        consultedText: null,
        revisedText: r.text ?? null,
        revision: 'added',
      });
  return {
    id: draft.id,
    code: draft.code,
    title: draft.code,
    articles,
    revised: revision !== null,
    consultation: {
      opensAt: new Date(draft.window.opensAt),
      closesAt: new Date(closesAtOf(draft.status, draft.window, draft.closedAt)),
    },
  };
}

/** When the consultation ends: the schedule, or the agency's earlier close. */
export function closesAtOf(
  status: DraftInfo['status'],
  window: { closesAt: string },
  closedAt: string | null,
): number {
  const scheduled = Date.parse(window.closesAt);
  return status === 'closed' && closedAt ? Math.min(scheduled, Date.parse(closedAt)) : scheduled;
}

/** A unit as the directory names it; one learnt before names were kept goes by its id. */
export function reportUnitOf(unit: UnitRecord): ReportUnit {
  return { id: unit.id, name: unit.name ?? unit.id, path: unit.path };
}
