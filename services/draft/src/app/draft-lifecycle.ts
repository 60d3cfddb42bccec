import { FailedPreconditionError, InvalidArgumentError } from '@pcn/platform';
import type { Consultation, Draft, DraftStatus } from './draft.model.js';
import { MINIMUM_SETTINGS, type DraftRules } from './draft-rules.js';

/**
 * The draft lifecycle: drafting → in consultation (possibly scheduled first) → consultation closed
 * → revised → promulgated → amended or repealed. Each function is pure: it takes the draft and the
 * time, and returns the next draft and the events to record, or throws FailedPreconditionError
 * whose reason names the rule that blocked it.
 */

export type DraftEventName =
  | 'DraftCreated'
  | 'DraftUpdated'
  | 'ConsultationOpened'
  | 'ConsultationClosingSoon'
  | 'ConsultationClosed'
  | 'DraftRevised'
  | 'DraftPromulgated'
  | 'DraftAmended'
  | 'DraftRepealed';

export interface Transition {
  draft: Draft;
  events: DraftEventName[];
}

/** The lifecycle fields of a new draft: never consulted on, promulgated or superseded. */
export function notYetConsulted() {
  return {
    consultation: null,
    pastConsultations: [],
    promulgation: null,
    amendedByDraftId: null,
    repealedByDraftId: null,
    nextDueAt: null,
  } satisfies Partial<Draft>;
}

export type DraftAction =
  | 'update'
  | 'setTranslation'
  | 'openConsultation'
  | 'startConsultation'
  | 'extendConsultation'
  | 'closeConsultation'
  | 'revise'
  | 'promulgate'
  | 'amend'
  | 'repeal';

/** Where each action may start. Content is frozen while people are being consulted on it. */
export const ALLOWED_FROM: Readonly<Record<DraftAction, readonly DraftStatus[]>> = {
  update: ['drafting', 'revised'],
  setTranslation: ['drafting', 'revised'],
  openConsultation: ['drafting', 'revised'],
  startConsultation: ['consultation_scheduled'],
  extendConsultation: ['consultation_scheduled', 'in_consultation'],
  closeConsultation: ['in_consultation'],
  revise: ['consultation_closed', 'revised'],
  promulgate: ['revised', 'consultation_closed'],
  amend: ['promulgated'],
  repeal: ['promulgated', 'amended'],
};

export function assertAllowed(action: DraftAction, draft: Pick<Draft, 'id' | 'status'>): void {
  const allowed = ALLOWED_FROM[action];
  if (!allowed.includes(draft.status)) {
    throw new FailedPreconditionError(
      `Cannot ${action} draft ${draft.id}: it is ${draft.status}; ${action} is allowed only when ${allowed.join(' or ')}`,
      'TRANSITION_NOT_ALLOWED',
    );
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function parseTime(field: string, value: string): number {
  const ms = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(ms))
    throw new InvalidArgumentError([{ field, description: 'must be an ISO-8601 date-time' }]);
  return ms;
}

/** The earliest time the scheduler must look at the draft again, or null. */
export function nextDueAt(draft: Draft, rules: DraftRules): string | null {
  const c = draft.consultation;
  if (!c) return null;
  if (draft.status === 'consultation_scheduled') return c.opensAt;
  if (draft.status !== 'in_consultation') return null;
  const closes = Date.parse(c.closesAt);
  if (c.closingSoonSentAt === null) return iso(closes - rules.closingSoonLeadMs);
  return c.closesAt;
}

function withSchedule(draft: Draft, rules: DraftRules, now: Date): Draft {
  return { ...draft, nextDueAt: nextDueAt(draft, rules), updatedAt: now.toISOString() };
}

function checkLength(draft: Draft, opensMs: number, closesMs: number, rules: DraftRules): void {
  const min = rules.minConsultationMs[draft.documentType];
  if (min === undefined)
    throw new FailedPreconditionError(
      `Document type ${draft.documentType} has no configured consultation rules`,
      'UNKNOWN_DOCUMENT_TYPE',
    );
  if (closesMs <= opensMs)
    throw new FailedPreconditionError(
      'The consultation must close after it opens',
      'CLOSES_BEFORE_OPENS',
    );
  if (closesMs - opensMs < min)
    throw new FailedPreconditionError(
      `A ${draft.documentType} must be open for consultation at least ${Math.ceil(min / 1000)} s ` +
        `(${(min / 86_400_000).toFixed(1)} days); this window is ${Math.floor((closesMs - opensMs) / 1000)} s. ` +
        `The minimum per document type is set by ${MINIMUM_SETTINGS}`,
      'CONSULTATION_TOO_SHORT',
    );
}

export interface OpenConsultationInput {
  opensAt: string;
  closesAt: string;
  /** Languages to consult in; default `vi` and every approved translation. */
  languages?: readonly string[];
}

/** Opens a consultation now, or schedules it when `opensAt` is in the future. */
export function openConsultation(
  draft: Draft,
  input: OpenConsultationInput,
  rules: DraftRules,
  now: Date,
): Transition {
  assertAllowed('openConsultation', draft);
  const opens = parseTime('opensAt', input.opensAt);
  const closes = parseTime('closesAt', input.closesAt);
  if (closes <= now.getTime())
    throw new FailedPreconditionError('closesAt is already past', 'CLOSES_IN_THE_PAST');
  // Opening "now" is judged from the requested time, so a window that started a moment ago counts.
  checkLength(draft, opens, closes, rules);
  const approved = Object.entries(draft.translations)
    .filter(([, status]) => status === 'approved')
    .map(([lang]) => lang);
  const languages = input.languages?.length ? [...new Set(input.languages)] : approved;
  if (!languages.includes('vi')) languages.unshift('vi');
  const notApproved = languages.filter((lang) => draft.translations[lang] !== 'approved');
  if (notApproved.length > 0)
    throw new FailedPreconditionError(
      `A consultation opens only in approved translations; not approved: ${notApproved.join(', ')}`,
      'TRANSLATION_NOT_APPROVED',
    );
  const startsNow = opens <= now.getTime();
  const consultation: Consultation = {
    round: draft.pastConsultations.length + 1,
    opensAt: iso(opens),
    closesAt: iso(closes),
    languages,
    openedAt: startsNow ? now.toISOString() : null,
    closedAt: null,
    closedBy: null,
    closingSoonSentAt: null,
    extensions: [],
  };
  const next: Draft = {
    ...draft,
    status: startsNow ? 'in_consultation' : 'consultation_scheduled',
    consultation,
  };
  return { draft: withSchedule(next, rules, now), events: startsNow ? ['ConsultationOpened'] : [] };
}

/** Extends (or, while scheduled, moves) the closing time, with a reason for the record. */
export function extendConsultation(
  draft: Draft,
  input: { closesAt: string; reason: string; by: string },
  rules: DraftRules,
  now: Date,
): Transition {
  assertAllowed('extendConsultation', draft);
  const c = draft.consultation;
  if (!c) throw new FailedPreconditionError('The draft has no consultation', 'NO_CONSULTATION');
  const closes = parseTime('closesAt', input.closesAt);
  if (closes <= Date.parse(c.closesAt))
    throw new FailedPreconditionError(
      `An extension must close later than ${c.closesAt}`,
      'EXTENSION_NOT_LATER',
    );
  if (input.reason.trim().length === 0)
    throw new InvalidArgumentError([
      { field: 'reason', description: 'an extension needs a reason' },
    ]);
  const extended: Consultation = {
    ...c,
    closesAt: iso(closes),
    // A later close gets its own closing-soon notice.
    closingSoonSentAt: null,
    extensions: [
      ...c.extensions,
      {
        previousClosesAt: c.closesAt,
        closesAt: iso(closes),
        reason: input.reason.trim(),
        by: input.by,
        at: now.toISOString(),
      },
    ],
  };
  return {
    draft: withSchedule({ ...draft, consultation: extended }, rules, now),
    events: ['DraftUpdated'],
  };
}

/** Closes the consultation: by the agency before time, or by the schedule at `closesAt`. */
export function closeConsultation(
  draft: Draft,
  by: 'schedule' | 'agency',
  rules: DraftRules,
  now: Date,
): Transition {
  assertAllowed('closeConsultation', draft);
  const c = draft.consultation;
  if (!c) throw new FailedPreconditionError('The draft has no consultation', 'NO_CONSULTATION');
  const closed: Consultation = { ...c, closedAt: now.toISOString(), closedBy: by };
  return {
    draft: withSchedule(
      { ...draft, status: 'consultation_closed', consultation: closed },
      rules,
      now,
    ),
    events: ['ConsultationClosed'],
  };
}

/**
 * What the clock makes happen: a scheduled consultation opens, the closing-soon notice goes out,
 * an open consultation closes. Applied in order, so a draft whose whole window passed while the
 * service was down still opens and closes, each exactly once.
 */
export function runDue(draft: Draft, rules: DraftRules, now: Date): Transition {
  let current = draft;
  const events: DraftEventName[] = [];
  const t = now.getTime();
  for (let step = 0; step < 3; step++) {
    const c = current.consultation;
    if (!c) break;
    if (current.status === 'consultation_scheduled' && Date.parse(c.opensAt) <= t) {
      current = withSchedule(
        {
          ...current,
          status: 'in_consultation',
          consultation: { ...c, openedAt: now.toISOString() },
        },
        rules,
        now,
      );
      events.push('ConsultationOpened');
    } else if (
      current.status === 'in_consultation' &&
      c.closingSoonSentAt === null &&
      Date.parse(c.closesAt) - rules.closingSoonLeadMs <= t &&
      Date.parse(c.closesAt) > t
    ) {
      current = withSchedule(
        { ...current, consultation: { ...c, closingSoonSentAt: now.toISOString() } },
        rules,
        now,
      );
      events.push('ConsultationClosingSoon');
    } else if (current.status === 'in_consultation' && Date.parse(c.closesAt) <= t) {
      // Closing late (after downtime) skips a closing-soon notice that would now be wrong.
      const closed = closeConsultation(current, 'schedule', rules, now);
      current = closed.draft;
      events.push(...closed.events);
    } else {
      break;
    }
  }
  return { draft: current, events };
}

/** Files the revised content after a consultation; the round moves to the history. */
export function markRevised(draft: Draft, rules: DraftRules, now: Date): Transition {
  assertAllowed('revise', draft);
  const past = draft.consultation
    ? [...draft.pastConsultations, draft.consultation]
    : draft.pastConsultations;
  return {
    draft: withSchedule(
      { ...draft, status: 'revised', consultation: null, pastConsultations: past },
      rules,
      now,
    ),
    events: ['DraftRevised'],
  };
}

export function promulgate(
  draft: Draft,
  input: { documentNumber: string; signedOn: string; effectiveOn: string },
  rules: DraftRules,
  now: Date,
): Transition {
  assertAllowed('promulgate', draft);
  const date = /^\d{4}-\d{2}-\d{2}$/;
  const violations = [];
  if (!/^[\p{L}\p{N}][\p{L}\p{N}/.-]{0,63}$/u.test(input.documentNumber))
    violations.push({
      field: 'documentNumber',
      description: 'letters, digits, / . - (at most 64)',
    });
  if (!date.test(input.signedOn) || Number.isNaN(Date.parse(input.signedOn)))
    violations.push({ field: 'signedOn', description: 'must be a date YYYY-MM-DD' });
  if (!date.test(input.effectiveOn) || Number.isNaN(Date.parse(input.effectiveOn)))
    violations.push({ field: 'effectiveOn', description: 'must be a date YYYY-MM-DD' });
  if (violations.length > 0) throw new InvalidArgumentError(violations);
  if (input.effectiveOn < input.signedOn)
    throw new FailedPreconditionError(
      'A document cannot take effect before it is signed',
      'EFFECTIVE_BEFORE_SIGNED',
    );
  const past = draft.consultation
    ? [...draft.pastConsultations, draft.consultation]
    : draft.pastConsultations;
  return {
    draft: withSchedule(
      {
        ...draft,
        status: 'promulgated',
        consultation: null,
        pastConsultations: past,
        promulgation: { ...input, promulgatedAt: now.toISOString() },
      },
      rules,
      now,
    ),
    events: ['DraftPromulgated'],
  };
}

/** Links a promulgated document to the draft that amends or repeals it. */
export function supersede(
  draft: Draft,
  kind: 'amend' | 'repeal',
  byDraftId: string,
  rules: DraftRules,
  now: Date,
): Transition {
  assertAllowed(kind, draft);
  if (byDraftId === draft.id)
    throw new FailedPreconditionError('A document cannot amend or repeal itself', 'SELF_REFERENCE');
  const next: Draft =
    kind === 'amend'
      ? { ...draft, status: 'amended', amendedByDraftId: byDraftId }
      : { ...draft, status: 'repealed', repealedByDraftId: byDraftId };
  return {
    draft: withSchedule(next, rules, now),
    events: [kind === 'amend' ? 'DraftAmended' : 'DraftRepealed'],
  };
}
