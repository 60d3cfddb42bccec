import { createEventFactory, type EventEnvelope, type EventType } from '@pcn/events';
import { describe, expect, it } from 'vitest';
import { applyDraftEvent, draftVersionOf } from './draft-knowledge.js';
import type { DraftInfo } from './feedback.model.js';
import { draftAudience } from './feedback.fixtures.js';

const base = { ...draftAudience('d1'), code: 'QD-1', policyAreas: [] };
const window = { opensAt: '2026-12-01T00:00:00.000Z', closesAt: '2026-12-21T00:00:00.000Z' };
const articles = [{ id: 'a1', number: '1', heading: { vi: 'Phạm vi' }, clauseIds: ['a1c1'] }];

function at(time: string, type: EventType, data: Record<string, unknown>): EventEnvelope {
  return createEventFactory('draft', { now: () => new Date(time) }).create(type, 'd1', {
    ...base,
    ...data,
  });
}

const created = at('2026-11-30T00:00:00Z', 'pcn.draft.v1.DraftCreated', {});
const opened = at('2026-12-01T00:00:00Z', 'pcn.draft.v1.ConsultationOpened', {
  ...window,
  articles,
});
const extended = at('2026-12-10T00:00:00Z', 'pcn.draft.v1.DraftUpdated', {
  changedFields: ['consultation.closesAt'],
  ...window,
  closesAt: '2026-12-31T00:00:00.000Z',
});
const closed = at('2026-12-31T00:00:00Z', 'pcn.draft.v1.ConsultationClosed', {
  ...window,
  closesAt: '2026-12-31T00:00:00.000Z',
  closedAt: '2026-12-31T00:00:00.000Z',
  closedBy: 'schedule',
});
const revised = at('2027-01-05T00:00:00Z', 'pcn.draft.v1.DraftRevised', {
  version: 2,
  previousVersion: 1,
  changedArticleIds: ['a2'],
  articles: [...articles, { id: 'a2', number: '2', heading: { vi: 'Mới' }, clauseIds: [] }],
});

const fold = (events: EventEnvelope[]) =>
  events.reduce<DraftInfo | null>((info, e) => applyDraftEvent(info, e), null);

/** The parts that matter, without the bookkeeping times. */
function facts(info: DraftInfo | null) {
  if (!info) return null;
  const { metaAt: _m, statusAt: _s, windowAt: _w, articlesAt: _a, ...rest } = info;
  return { ...rest, knownArticleIds: [...rest.knownArticleIds].sort() };
}

describe('what the feedback service learns from draft events', () => {
  it('follows a consultation: opened with its articles, extended, closed, revised', () => {
    const info = fold([created, opened]);
    expect(info).toMatchObject({
      status: 'open',
      window,
      consultedVersion: 1,
      articles,
      agencyId: 'org-stp',
    });
    expect(fold([created, opened, extended])?.window?.closesAt).toBe('2026-12-31T00:00:00.000Z');
    expect(fold([created, opened, extended, closed])).toMatchObject({
      status: 'closed',
      closedAt: '2026-12-31T00:00:00.000Z',
    });
    const after = fold([created, opened, extended, closed, revised]);
    // Comments keep pointing at the consulted version; answers may name the new article.
    expect(after).toMatchObject({ status: 'closed', consultedVersion: 1, articles });
    expect(after?.knownArticleIds.sort()).toEqual(['a1', 'a2']);
  });

  it('ends up the same whatever order the events arrive in, and however often', () => {
    const inOrder = facts(fold([created, opened, extended, closed, revised]));
    for (const order of [
      [revised, closed, extended, opened, created],
      [opened, closed, created, revised, extended],
      [created, closed, opened, extended, revised, opened, closed],
    ])
      expect(facts(fold(order))).toEqual(inOrder);
  });

  it('keeps a draft that never opened as known, with no window', () => {
    expect(fold([created])).toMatchObject({ status: 'known', window: null, articles: [] });
  });

  it('takes an older ConsultationOpened without articles (whole-draft comments only)', () => {
    const { articles: _a, ...withoutArticles } = opened.data as Record<string, unknown>;
    const old = at('2026-12-01T00:00:00Z', 'pcn.draft.v1.ConsultationOpened', withoutArticles);
    expect(fold([old])).toMatchObject({ status: 'open', articles: [], consultedVersion: 1 });
  });
});

describe('the versions the synthesis report compares', () => {
  const withText = [{ ...articles[0]!, text: '1. Phạm vi\n1. Quyết định này quy định.' }];
  const openedWithText = at('2026-12-01T00:00:00Z', 'pcn.draft.v1.ConsultationOpened', {
    ...window,
    articles: withText,
  });

  it('keeps texts out of what every comment reads, and in the version record', () => {
    const info = applyDraftEvent(null, openedWithText);
    expect(info.articles).toEqual(articles);
    expect(JSON.stringify(info)).not.toContain('Quyết định này');
    expect(draftVersionOf(openedWithText)).toEqual({
      id: 'd1:1',
      draftId: 'd1',
      contentVersion: 1,
      kind: 'consulted',
      articles: withText,
      changedArticleIds: [],
    });
  });

  it('remembers the latest revision, whatever order the revisions arrive in', () => {
    const second = at('2027-02-01T00:00:00Z', 'pcn.draft.v1.DraftRevised', {
      version: 3,
      previousVersion: 2,
      changedArticleIds: [],
      articles,
    });
    expect(applyDraftEvent(applyDraftEvent(null, openedWithText), revised).revisedVersion).toBe(2);
    const both = [revised, second].reduce<DraftInfo | null>((d, e) => applyDraftEvent(d, e), null);
    const reversed = [second, revised].reduce<DraftInfo | null>(
      (d, e) => applyDraftEvent(d, e),
      null,
    );
    expect(both?.revisedVersion).toBe(3);
    expect(reversed?.revisedVersion).toBe(3);
    expect(draftVersionOf(revised)).toMatchObject({
      id: 'd1:2',
      kind: 'revised',
      changedArticleIds: ['a2'],
    });
  });

  it('has no version record for other events, or for events from before articles travelled', () => {
    expect(draftVersionOf(closed)).toBeNull();
    expect(
      draftVersionOf(at('2026-12-01T00:00:00Z', 'pcn.draft.v1.ConsultationOpened', window)),
    ).toBeNull();
  });
});
