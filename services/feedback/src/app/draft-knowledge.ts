import type { EventEnvelope, EventType } from '@pcn/events';
import type { DraftArticle, DraftInfo, DraftVersionRecord } from './feedback.model.js';
import { draftCodeKey } from './resolve-citations.js';

/** The draft events the feedback service learns windows, articles and agencies from. */
export const DRAFT_EVENT_TYPES = [
  'pcn.draft.v1.DraftCreated',
  'pcn.draft.v1.DraftUpdated',
  'pcn.draft.v1.ConsultationOpened',
  'pcn.draft.v1.ConsultationClosingSoon',
  'pcn.draft.v1.ConsultationClosed',
  'pcn.draft.v1.DraftRevised',
  'pcn.draft.v1.DraftPromulgated',
  'pcn.draft.v1.DraftAmended',
  'pcn.draft.v1.DraftRepealed',
] as const satisfies readonly EventType[];

type DraftEventType = (typeof DRAFT_EVENT_TYPES)[number];

interface DraftEventData {
  draftId: string;
  code: string;
  agencyId: string;
  publicDisclosure: boolean;
  targetUnitIds: string[];
  version: number;
  opensAt?: string;
  closesAt?: string;
  closedAt?: string;
  articles?: (DraftArticle & { text?: string })[];
  changedArticleIds?: string[];
}

/** After the consultation: revised, promulgated, amended or repealed all close it for comments. */
const ENDS_CONSULTATION: readonly DraftEventType[] = [
  'pcn.draft.v1.ConsultationClosed',
  'pcn.draft.v1.DraftRevised',
  'pcn.draft.v1.DraftPromulgated',
  'pcn.draft.v1.DraftAmended',
  'pcn.draft.v1.DraftRepealed',
];

export function isDraftEvent(type: string): type is DraftEventType {
  return (DRAFT_EVENT_TYPES as readonly string[]).includes(type);
}

const EPOCH = '1970-01-01T00:00:00.000Z';

function emptyInfo(data: DraftEventData): DraftInfo {
  return {
    id: data.draftId,
    code: data.code,
    codeKey: draftCodeKey(data.code),
    agencyId: data.agencyId,
    publicDisclosure: data.publicDisclosure,
    targetUnitIds: data.targetUnitIds,
    metaAt: EPOCH,
    status: 'known',
    statusAt: EPOCH,
    window: null,
    windowAt: EPOCH,
    closedAt: null,
    consultedVersion: null,
    articles: [],
    articlesAt: EPOCH,
    knownArticleIds: [],
  };
}

/** Compares ISO times by instant (events may carry different offsets). */
function notBefore(a: string, b: string): boolean {
  return Date.parse(a) >= Date.parse(b);
}

/**
 * What the service knows of a draft after one more of its events. Pure, and safe to apply in any
 * order and more than once: each part (agency and disclosure, status, window, articles) is
 * replaced only by an event at least as new as the one that set it; article ids only accumulate.
 */
export function applyDraftEvent(current: DraftInfo | null, event: EventEnvelope): DraftInfo {
  if (!isDraftEvent(event.type)) throw new Error(`not a draft event: ${event.type}`);
  const data = event.data as DraftEventData;
  const at = event.time;
  const next: DraftInfo = current ? { ...current } : emptyInfo(data);
  if (notBefore(at, next.metaAt)) {
    next.code = data.code;
    next.codeKey = draftCodeKey(data.code);
    next.agencyId = data.agencyId;
    next.publicDisclosure = data.publicDisclosure;
    next.targetUnitIds = data.targetUnitIds;
    next.metaAt = at;
  }
  if (data.opensAt && data.closesAt && notBefore(at, next.windowAt)) {
    next.window = { opensAt: data.opensAt, closesAt: data.closesAt };
    next.windowAt = at;
  }
  if (event.type === 'pcn.draft.v1.ConsultationOpened' && notBefore(at, next.statusAt)) {
    next.status = 'open';
    next.statusAt = at;
  } else if (ENDS_CONSULTATION.includes(event.type) && notBefore(at, next.statusAt)) {
    next.status = 'closed';
    next.statusAt = at;
  }
  // The round's end is the earliest end event after its opening (an agency's early close comes
  // before the revision that follows it, whatever order they are handled in).
  if (ENDS_CONSULTATION.includes(event.type) && notBefore(at, next.articlesAt)) {
    const end = data.closedAt ?? at;
    if (next.closedAt === null || Date.parse(end) < Date.parse(next.closedAt)) next.closedAt = end;
  }
  if (data.articles) {
    const ids = new Set(next.knownArticleIds);
    for (const a of data.articles) ids.add(a.id);
    next.knownArticleIds = [...ids];
  }
  // Comments point at the consulted version's articles; a revision's only widen the known ids.
  // An event from before articles were carried leaves comments on the whole draft only.
  if (event.type === 'pcn.draft.v1.ConsultationOpened' && notBefore(at, next.articlesAt)) {
    // Texts are kept apart (draftVersionOf): every comment reads this record.
    next.articles = (data.articles ?? []).map(({ id, number, heading, clauseIds }) => ({
      id,
      number,
      heading,
      clauseIds,
    }));
    next.consultedVersion = data.version;
    next.articlesAt = at;
    // An end from an earlier round no longer applies.
    if (next.closedAt !== null && Date.parse(next.closedAt) < Date.parse(at)) next.closedAt = null;
  }
  if (
    event.type === 'pcn.draft.v1.DraftRevised' &&
    (next.revisedVersion === undefined ||
      next.revisedVersion === null ||
      data.version > next.revisedVersion)
  )
    next.revisedVersion = data.version;
  return next;
}

/**
 * The version record an event describes (ConsultationOpened: the consulted version; DraftRevised:
 * the revision), or null for other events and events from before articles were carried.
 */
export function draftVersionOf(event: EventEnvelope): DraftVersionRecord | null {
  if (
    event.type !== 'pcn.draft.v1.ConsultationOpened' &&
    event.type !== 'pcn.draft.v1.DraftRevised'
  )
    return null;
  const data = event.data as DraftEventData;
  if (!data.articles) return null;
  return {
    id: `${data.draftId}:${data.version}`,
    draftId: data.draftId,
    contentVersion: data.version,
    kind: event.type === 'pcn.draft.v1.ConsultationOpened' ? 'consulted' : 'revised',
    articles: data.articles,
    changedArticleIds: data.changedArticleIds ?? [],
  };
}
