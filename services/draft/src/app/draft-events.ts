import type { EventData, EventEnvelope, EventFactory, EventType } from '@pcn/events';
import type { Draft } from './draft.model.js';
import type { DraftEventName } from './draft-lifecycle.js';
import { publishedArticles, publishedTitle } from './readable-text.js';

/**
 * Bytes of article text one event carries (MAX_EVENT_BYTES is 512 KiB; headings, ids and the
 * audience need the rest). A province's draft fits many times over; a larger one sends the texts
 * that fit and the report shows the others' change without their words.
 */
export const ARTICLE_TEXT_BUDGET_BYTES = 256 * 1024;

export interface EventExtras {
  changedFields?: string[];
  previousVersion?: number;
  changedArticleIds?: string[];
}

/** Languages a reader can use: the consultation's, or `vi` and every approved translation. */
export function readableLanguages(draft: Draft): string[] {
  if (draft.consultation) return draft.consultation.languages;
  const approved = Object.entries(draft.translations)
    .filter(([, s]) => s === 'approved')
    .map(([l]) => l);
  return approved.includes('vi') ? approved : ['vi', ...approved];
}

function audience(draft: Draft) {
  return {
    draftId: draft.id,
    code: draft.code,
    documentType: draft.documentType,
    agencyId: draft.agencyId,
    // Events reach the public (notifications, live streams): published titles only.
    title: publishedTitle(draft),
    languages: readableLanguages(draft),
    targetUnitIds: draft.target.unitIds,
    ethnicGroups: draft.target.ethnicGroups,
    audienceGroups: draft.target.audienceGroups,
    policyAreas: draft.policyAreas,
    publicDisclosure: draft.publicDisclosure,
    version: draft.contentVersion,
  };
}

/**
 * Builds each event from the draft as it is after the change, carrying what consumers need to act
 * without calling back: target units, languages and the consultation window.
 */
export function draftEvents(
  factory: EventFactory,
  draft: Draft,
  names: readonly DraftEventName[],
  extras: EventExtras = {},
): EventEnvelope[] {
  const base = audience(draft);
  const c = draft.consultation ?? draft.pastConsultations.at(-1) ?? null;
  const window = c ? { opensAt: c.opensAt, closesAt: c.closesAt } : null;
  return names.map((name) => {
    const type = `pcn.draft.v1.${name}` as EventType;
    let data: Record<string, unknown>;
    switch (name) {
      case 'DraftCreated':
        data = base;
        break;
      case 'DraftUpdated':
        // The window after the change: an extension reaches consumers (feedback) this way.
        data = {
          ...base,
          changedFields: extras.changedFields ?? [],
          ...(draft.consultation ? window : {}),
        };
        break;
      case 'ConsultationOpened':
        data = {
          ...base,
          ...window,
          articles: publishedArticles(draft, { budgetBytes: ARTICLE_TEXT_BUDGET_BYTES }),
        };
        break;
      case 'ConsultationClosingSoon':
        data = { ...base, ...window };
        break;
      case 'ConsultationClosed':
        data = { ...base, ...window, closedAt: c?.closedAt, closedBy: c?.closedBy };
        break;
      case 'DraftRevised':
        data = {
          ...base,
          previousVersion: extras.previousVersion ?? draft.contentVersion - 1,
          changedArticleIds: extras.changedArticleIds ?? [],
          // The consulted texts went out with ConsultationOpened: only what changed travels again.
          articles: publishedArticles(draft, {
            budgetBytes: ARTICLE_TEXT_BUDGET_BYTES,
            only: new Set(extras.changedArticleIds ?? []),
          }),
        };
        break;
      case 'DraftPromulgated':
        data = {
          ...base,
          documentNumber: draft.promulgation?.documentNumber,
          signedOn: draft.promulgation?.signedOn,
          effectiveOn: draft.promulgation?.effectiveOn,
        };
        break;
      case 'DraftAmended':
        data = { ...base, amendedByDraftId: draft.amendedByDraftId };
        break;
      case 'DraftRepealed':
        data = { ...base, repealedByDraftId: draft.repealedByDraftId };
        break;
    }
    // The factory validates against the catalogue, so a wrong payload fails here, not downstream.
    return factory.create(type, draft.id, data as EventData<typeof type>);
  });
}
