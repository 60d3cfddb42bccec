import { describe, expect, it } from 'vitest';
import { openDraft, storedComment } from './feedback.fixtures.js';
import type { DraftVersionRecord } from './feedback.model.js';
import { runSynthesisPass } from './report/synthesis-pass.js';
import { closesAtOf, personKeyOf, reportCommentOf, reportDraftOf } from './synthesis-source.js';
import { anonymousOpinionGroups, reportOfStored, storedReport } from './synthesis.model.js';

const record = storedComment;

describe('a stored comment as the report reads it', () => {
  it('masks personal data for the public view only, and never carries a hidden text', () => {
    expect(reportCommentOf(record(), 'public').text).not.toMatch(/0987|654 321|a\.b@example/);
    expect(reportCommentOf(record(), 'agency').text).toBe(record().text);
    const hidden = record({
      state: 'hidden',
      moderation: { decision: 'hidden', reason: 'offensive', by: 'e', at: '2026-12-03' },
    });
    for (const view of ['public', 'agency'] as const) {
      const c = reportCommentOf(hidden, view);
      expect(c.text).toBe('');
      expect(c.moderation).toEqual({ state: 'hidden', reason: 'offensive' });
    }
  });

  it('labels submitters without personal names, organizations by their name', () => {
    const person = reportCommentOf(record(), 'public');
    expect(person.submitter.kind).toBe('citizen');
    expect(person.submitter.label).not.toContain('Nguyễn');
    const org = reportCommentOf(
      record({
        submitter: {
          ...record().submitter,
          kind: 'organization',
          organizationName: 'Hợp tác xã Đò Ngang',
        },
      }),
      'public',
    );
    expect(org.submitter.label).toBe('Hợp tác xã Đò Ngang');
  });

  it('counts a person once by identity or contact, as a digest, and null when unknown', () => {
    const a = personKeyOf(record());
    const b = personKeyOf(record({ id: 'f2', text: 'khác' }));
    expect(a).toBe(b);
    expect(a).not.toContain('84987654321');
    const partnerUser = (ref: string) =>
      personKeyOf(
        record({
          submitter: {
            ...record().submitter,
            via: 'partner',
            clientId: 'portal',
            externalRef: ref,
            contact: null,
          },
        }),
      );
    expect(partnerUser('u1')).not.toBe(partnerUser('u2'));
    expect(personKeyOf(record({ submitter: { ...record().submitter, contact: null } }))).toBeNull();
  });

  it('carries answers with their publication, groups and consented demographics', () => {
    const c = reportCommentOf(
      record({
        answer: {
          outcome: 'accepted',
          reason: 'Đã sửa',
          changedArticleIds: ['a1'],
          answeredAt: '2026-12-04',
          answeredBy: 'e',
          publishedAt: null,
          groupId: null,
        },
        group: { id: 'g1', exactKey: 'k', representativeId: 'f1' },
        demographics: {
          ethnicGroup: 'Mông',
          gender: null,
          ageBand: '30_44',
          consent: { method: 'online', textVersion: null, givenAt: '2026-12-02' },
        },
      }),
      'agency',
    );
    expect(c.answer).toEqual({
      outcome: 'accepted',
      reason: 'Đã sửa',
      changedArticleIds: ['a1'],
      published: false,
    });
    expect(c.group?.id).toBe('g1');
    expect(c.demographics).toEqual({ ethnicGroup: 'Mông', gender: undefined, ageBand: '30_44' });
  });
});

describe('the draft as the report reads it', () => {
  it('takes the agency close when earlier than the schedule', () => {
    const scheduled = openDraft();
    const window = scheduled.window ?? { opensAt: '', closesAt: '' };
    expect(closesAtOf('open', window, null)).toBe(Date.parse(window.closesAt));
    expect(closesAtOf('closed', window, '2026-12-05T00:00:00.000Z')).toBe(
      Date.parse('2026-12-05T00:00:00.000Z'),
    );
    const d = reportDraftOf({
      ...openDraft({ status: 'closed', closedAt: '2026-12-05T00:00:00.000Z' }),
      window,
    });
    expect(d.consultation.closesAt.toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(d.articles.map((a) => [a.id, a.number, a.heading])).toEqual([
      ['a1', '1', 'Phạm vi'],
      ['a2', '2', 'Đối tượng'],
    ]);
    expect(d.revised).toBe(false);
  });

  it('reads each article change from the revision, with the texts the events carried', () => {
    const draft = openDraft({ status: 'closed', consultedVersion: 1, revisedVersion: 2 });
    const window = draft.window ?? { opensAt: '', closesAt: '' };
    const heading = (vi: string) => ({ vi });
    const consulted: DraftVersionRecord = {
      id: `${draft.id}:1`,
      draftId: draft.id,
      contentVersion: 1,
      kind: 'consulted',
      articles: [
        { id: 'a1', number: '1', heading: heading('Phạm vi'), clauseIds: [], text: 'Phạm vi cũ' },
        // Past the event's text budget: no text, the change is still known.
        { id: 'a2', number: '2', heading: heading('Đối tượng'), clauseIds: [] },
      ],
      changedArticleIds: [],
    };
    const revised: DraftVersionRecord = {
      id: `${draft.id}:2`,
      draftId: draft.id,
      contentVersion: 2,
      kind: 'revised',
      articles: [
        { id: 'a2', number: '2', heading: heading('Đối tượng'), clauseIds: [], text: 'Mới' },
        { id: 'a3', number: '3', heading: heading('Hiệu lực'), clauseIds: [], text: 'Hiệu lực' },
      ],
      changedArticleIds: ['a1', 'a2', 'a3'],
    };
    const d = reportDraftOf({ ...draft, window }, { consulted, revised });
    expect(d.revised).toBe(true);
    expect(d.articles.map((a) => [a.id, a.revision, a.consultedText, a.revisedText])).toEqual([
      ['a1', 'removed', 'Phạm vi cũ', null],
      ['a2', 'changed', null, 'Mới'],
      ['a3', 'added', null, 'Hiệu lực'],
    ]);
    // A revision from before this consultation round is not this round's change.
    const older = reportDraftOf({ ...draft, consultedVersion: 3, window }, { consulted, revised });
    expect(older.revised).toBe(false);
    expect(older.articles.map((a) => a.revision)).toEqual([undefined, undefined]);
  });

  it('freezes a report through JSON and back, opinion groups without participants', async () => {
    const draft = openDraft();
    const window = draft.window ?? { opensAt: '', closesAt: '' };
    const comments = ['p1', 'p2', 'p3', 'p4'].flatMap((p, i) =>
      ['a1', 'a2'].map((a) =>
        reportCommentOf(
          record({
            id: `${p}-${a}`,
            articleId: a,
            stance: i < 2 === (a === 'a1') ? 'support' : 'oppose',
            submitter: { ...record().submitter, contact: { channel: 'sms', address: p } },
          }),
          'public',
        ),
      ),
    );
    const pass = await runSynthesisPass(comments, {
      draft: reportDraftOf({ ...draft, window }),
      units: [],
      view: 'public',
      now: new Date('2026-12-30T00:00:00.000Z'),
    });
    const stored = JSON.parse(JSON.stringify(storedReport(pass.report))) as ReturnType<
      typeof storedReport
    >;
    expect(reportOfStored(stored)).toEqual(pass.report);
    expect(pass.opinionGroups.status).toBe('grouped');
    const groups = anonymousOpinionGroups(pass.opinionGroups);
    expect(JSON.stringify(groups)).not.toContain(comments[0]?.personKey ?? 'none');
    if (pass.opinionGroups.status === 'grouped' && groups.status === 'grouped')
      expect(groups.groups.map((g) => g.participants.length)).toEqual(
        pass.opinionGroups.groups.map((g) => g.participants.length),
      );
  });
});
