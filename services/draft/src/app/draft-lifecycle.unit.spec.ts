import { FailedPreconditionError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { DRAFT_STATUSES, type Draft, type DraftStatus } from './draft.model.js';
import { DAY, draft, rules } from './draft.fixtures.js';
import {
  ALLOWED_FROM,
  assertAllowed,
  closeConsultation,
  extendConsultation,
  markRevised,
  nextDueAt,
  openConsultation,
  promulgate,
  runDue,
  supersede,
  type DraftAction,
  type Transition,
} from './draft-lifecycle.js';

const now = new Date('2026-12-01T00:00:00.000Z');
const at = (ms: number) => new Date(now.getTime() + ms).toISOString();

/** A draft in any status, with the consultation fields that status implies. */
function inStatus(status: DraftStatus): Draft {
  const consultation = {
    round: 1,
    opensAt: at(status === 'consultation_scheduled' ? DAY : -DAY),
    closesAt: at(30 * DAY),
    languages: ['vi', 'hmn'],
    openedAt: status === 'consultation_scheduled' ? null : at(-DAY),
    closedAt: status === 'consultation_closed' ? now.toISOString() : null,
    closedBy: status === 'consultation_closed' ? ('agency' as const) : null,
    closingSoonSentAt: null,
    extensions: [],
  };
  const hasConsultation = [
    'consultation_scheduled',
    'in_consultation',
    'consultation_closed',
  ].includes(status);
  return draft({ status, consultation: hasConsultation ? consultation : null });
}

/** Each action, applied with inputs that pass every other rule. */
const act: Record<DraftAction, (d: Draft) => Transition> = {
  update: (d) => ({ draft: d, events: [] }),
  setTranslation: (d) => ({ draft: d, events: [] }),
  openConsultation: (d) =>
    openConsultation(d, { opensAt: at(0), closesAt: at(25 * DAY) }, rules, now),
  startConsultation: (d) => runDue(d, rules, new Date(now.getTime() + DAY)),
  extendConsultation: (d) =>
    extendConsultation(
      d,
      { closesAt: at(40 * DAY), reason: 'More villages asked', by: 'u' },
      rules,
      now,
    ),
  closeConsultation: (d) => closeConsultation(d, 'agency', rules, now),
  revise: (d) => markRevised(d, rules, now),
  promulgate: (d) =>
    promulgate(
      d,
      { documentNumber: '14/2026/QD-UBND', signedOn: '2026-12-20', effectiveOn: '2027-01-01' },
      rules,
      now,
    ),
  amend: (d) => supersede(d, 'amend', 'draft-2', rules, now),
  repeal: (d) => supersede(d, 'repeal', 'draft-3', rules, now),
};

const guarded: DraftAction[] = [
  'openConsultation',
  'extendConsultation',
  'closeConsultation',
  'revise',
  'promulgate',
  'amend',
  'repeal',
];

describe('the draft state machine', () => {
  const expected: Record<DraftAction, DraftStatus> = {
    update: 'drafting',
    setTranslation: 'drafting',
    openConsultation: 'in_consultation',
    startConsultation: 'in_consultation',
    extendConsultation: 'in_consultation',
    closeConsultation: 'consultation_closed',
    revise: 'revised',
    promulgate: 'promulgated',
    amend: 'amended',
    repeal: 'repealed',
  };

  for (const action of guarded) {
    for (const status of DRAFT_STATUSES) {
      const allowed = ALLOWED_FROM[action].includes(status);
      it(`${allowed ? 'allows' : 'forbids'} ${action} from ${status}`, () => {
        const d = inStatus(status);
        if (allowed) {
          const { draft: next } = act[action](d);
          const target = action === 'extendConsultation' ? status : expected[action];
          expect(next.status).toBe(target);
        } else {
          let error: unknown;
          try {
            act[action](d);
          } catch (err) {
            error = err;
          }
          expect(error).toBeInstanceOf(FailedPreconditionError);
          expect((error as FailedPreconditionError).reason).toBe('TRANSITION_NOT_ALLOWED');
          expect((error as Error).message).toContain(`it is ${status}`);
        }
      });
    }
  }

  // Content edits and the clock's own start are checked by the same table.
  for (const action of ['update', 'setTranslation', 'startConsultation'] as const) {
    for (const status of DRAFT_STATUSES) {
      const allowed = ALLOWED_FROM[action].includes(status);
      it(`${allowed ? 'allows' : 'forbids'} ${action} from ${status}`, () => {
        const check = () => assertAllowed(action, inStatus(status));
        if (allowed) expect(check).not.toThrow();
        else expect(check).toThrow(expect.objectContaining({ reason: 'TRANSITION_NOT_ALLOWED' }));
      });
    }
  }

  it('opens in the future as scheduled, with no event until the clock gets there', () => {
    const t = openConsultation(draft(), { opensAt: at(DAY), closesAt: at(30 * DAY) }, rules, now);
    expect(t.draft.status).toBe('consultation_scheduled');
    expect(t.events).toEqual([]);
    expect(t.draft.nextDueAt).toBe(at(DAY));
    expect(runDue(t.draft, rules, new Date(now.getTime() + DAY - 1)).events).toEqual([]);
    const opened = runDue(t.draft, rules, new Date(now.getTime() + DAY));
    expect(opened.draft.status).toBe('in_consultation');
    expect(opened.events).toEqual(['ConsultationOpened']);
    expect(opened.draft.nextDueAt).toBe(at(27 * DAY));
  });

  it('sends closing-soon once at the lead time, then closes at closesAt, each once', () => {
    const open = openConsultation(
      draft(),
      { opensAt: at(0), closesAt: at(25 * DAY) },
      rules,
      now,
    ).draft;
    const soon = runDue(open, rules, new Date(now.getTime() + 22 * DAY));
    expect(soon.events).toEqual(['ConsultationClosingSoon']);
    expect(runDue(soon.draft, rules, new Date(now.getTime() + 23 * DAY)).events).toEqual([]);
    const closed = runDue(soon.draft, rules, new Date(now.getTime() + 25 * DAY));
    expect(closed.events).toEqual(['ConsultationClosed']);
    expect(closed.draft.consultation?.closedBy).toBe('schedule');
    expect(closed.draft.nextDueAt).toBeNull();
    expect(runDue(closed.draft, rules, new Date(now.getTime() + 26 * DAY)).events).toEqual([]);
  });

  it('catches up after downtime: a whole missed window opens and closes, without a stale closing-soon', () => {
    const scheduled = openConsultation(
      draft(),
      { opensAt: at(DAY), closesAt: at(30 * DAY) },
      rules,
      now,
    ).draft;
    const t = runDue(scheduled, rules, new Date(now.getTime() + 40 * DAY));
    expect(t.events).toEqual(['ConsultationOpened', 'ConsultationClosed']);
    expect(t.draft.status).toBe('consultation_closed');
  });

  it('refuses a window shorter than the document type allows, naming the rule', () => {
    expect(() =>
      openConsultation(draft(), { opensAt: at(0), closesAt: at(19 * DAY) }, rules, now),
    ).toThrow(expect.objectContaining({ reason: 'CONSULTATION_TOO_SHORT' }));
    // The error names the settings a user changes to allow a shorter window.
    expect(() =>
      openConsultation(draft(), { opensAt: at(0), closesAt: at(19 * DAY) }, rules, now),
    ).toThrow(/set by DOCUMENT_TYPES and CONSULTATION_MINIMUMS \(draft service\)/);
    expect(() =>
      openConsultation(
        draft({ documentType: 'law' }),
        { opensAt: at(0), closesAt: at(30 * DAY) },
        rules,
        now,
      ),
    ).toThrow(/at least/);
    expect(() =>
      openConsultation(
        draft({ documentType: 'memo' }),
        { opensAt: at(0), closesAt: at(30 * DAY) },
        rules,
        now,
      ),
    ).toThrow(expect.objectContaining({ reason: 'UNKNOWN_DOCUMENT_TYPE' }));
    expect(() =>
      openConsultation(draft(), { opensAt: at(5 * DAY), closesAt: at(DAY) }, rules, now),
    ).toThrow(expect.objectContaining({ reason: 'CLOSES_BEFORE_OPENS' }));
  });

  it('opens only in vi and approved translations', () => {
    const d = draft({ translations: { vi: 'approved', hmn: 'draft', ium: 'approved' } });
    const t = openConsultation(d, { opensAt: at(0), closesAt: at(25 * DAY) }, rules, now);
    expect(t.draft.consultation?.languages).toEqual(['vi', 'ium']);
    expect(() =>
      openConsultation(
        d,
        { opensAt: at(0), closesAt: at(25 * DAY), languages: ['vi', 'hmn'] },
        rules,
        now,
      ),
    ).toThrow(expect.objectContaining({ reason: 'TRANSLATION_NOT_APPROVED' }));
    expect(() =>
      openConsultation(
        d,
        { opensAt: at(0), closesAt: at(25 * DAY), languages: ['vi', 'hmn'] },
        rules,
        now,
      ),
    ).toThrow(/not approved: hmn/);
  });

  it('extends only to a later close, with a reason, and sends a new closing-soon', () => {
    const open = openConsultation(
      draft(),
      { opensAt: at(0), closesAt: at(25 * DAY) },
      rules,
      now,
    ).draft;
    const soon = runDue(open, rules, new Date(now.getTime() + 23 * DAY)).draft;
    expect(() =>
      extendConsultation(soon, { closesAt: at(24 * DAY), reason: 'x', by: 'u' }, rules, now),
    ).toThrow(expect.objectContaining({ reason: 'EXTENSION_NOT_LATER' }));
    expect(() =>
      extendConsultation(soon, { closesAt: at(40 * DAY), reason: '  ', by: 'u' }, rules, now),
    ).toThrow(/reason/);
    const longer = extendConsultation(
      soon,
      { closesAt: at(40 * DAY), reason: 'Flooding in Bat Xat', by: 'u' },
      rules,
      now,
    );
    expect(longer.draft.consultation?.extensions).toEqual([
      expect.objectContaining({
        previousClosesAt: at(25 * DAY),
        closesAt: at(40 * DAY),
        reason: 'Flooding in Bat Xat',
      }),
    ]);
    expect(longer.draft.consultation?.closingSoonSentAt).toBeNull();
    expect(nextDueAt(longer.draft, rules)).toBe(at(37 * DAY));
  });

  it('promulgates with a document number and dates that make sense', () => {
    const revised = inStatus('revised');
    expect(() =>
      promulgate(
        revised,
        { documentNumber: '1', signedOn: '2027-01-02', effectiveOn: '2027-01-01' },
        rules,
        now,
      ),
    ).toThrow(expect.objectContaining({ reason: 'EFFECTIVE_BEFORE_SIGNED' }));
    expect(() =>
      promulgate(
        revised,
        { documentNumber: '<script>', signedOn: '2027-13-45', effectiveOn: 'soon' },
        rules,
        now,
      ),
    ).toThrow(/documentNumber.*signedOn|signedOn/);
    const t = act.promulgate(revised);
    expect(t.draft.promulgation).toMatchObject({
      documentNumber: '14/2026/QD-UBND',
      effectiveOn: '2027-01-01',
    });
    expect(t.events).toEqual(['DraftPromulgated']);
  });

  it('links amendments and repeals, and refuses a self-reference', () => {
    const p = inStatus('promulgated');
    expect(act.amend(p).draft.amendedByDraftId).toBe('draft-2');
    expect(act.repeal(p).draft.repealedByDraftId).toBe('draft-3');
    expect(() => supersede(p, 'repeal', p.id, rules, now)).toThrow(
      expect.objectContaining({ reason: 'SELF_REFERENCE' }),
    );
  });

  it('keeps each consultation round when the draft is revised', () => {
    const closed = inStatus('consultation_closed');
    const revised = markRevised(closed, rules, now).draft;
    expect(revised.pastConsultations).toHaveLength(1);
    const second = openConsultation(
      revised,
      { opensAt: at(0), closesAt: at(21 * DAY) },
      rules,
      now,
    ).draft;
    expect(second.consultation?.round).toBe(2);
  });
});
