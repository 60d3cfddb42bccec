import { describe, expect, it } from 'vitest';
import { CLOSES, reportComment, reportDraft, reportUnits } from './report.fixtures.js';
import type { ReportComment } from './report-input.model.js';
import { SynthesisAccumulator } from './synthesis-accumulator.js';
import type { ReportView } from './synthesis-report.model.js';

const AFTER_CLOSE = new Date(CLOSES.getTime() + 60_000);
const HIDDEN_TEXT = 'Gọi 0912345678 để mua thuốc giảm cân SPAM-SECRET';

function accumulate(comments: ReportComment[], view: ReportView = 'public', now = AFTER_CLOSE) {
  const acc = new SynthesisAccumulator({ draft: reportDraft(), units: reportUnits(), view, now });
  for (const c of comments) acc.add(c);
  return { report: acc.result(), rows: [...acc.rows()] };
}

const campaign = (i: number, overrides: Partial<ReportComment> = {}) =>
  reportComment({
    text:
      i === 0
        ? 'Đề nghị giảm mức giá xuống 20.000 đồng'
        : `Tôi là người dân. De nghi giam muc gia ${i}`,
    group: {
      id: 'g1',
      exactKey: i % 2 === 0 ? 'de nghi giam muc gia' : `copy ${i % 3}`,
      representativeId: 'rep',
    },
    ...(i === 0 ? { id: 'rep' } : {}),
    ...overrides,
  });

describe('SynthesisAccumulator totals (§3, counted apart)', () => {
  it('counts received, distinct texts, groups and unique people, verified and unverified apart', () => {
    const comments = [
      // A group of 6 copies from 4 people, 4 exact texts ('de nghi…', 'copy 0/1/2').
      ...[0, 1, 2, 3, 4, 5].map((i) => campaign(i, { personKey: `p${i % 4}`, verified: i < 3 })),
      reportComment({ personKey: 'p0', verified: true, articleId: null, stance: 'support' }),
      reportComment({ personKey: null, verified: false, stance: 'question' }),
      reportComment({ personKey: null, verified: false, stance: 'question' }),
      reportComment({
        text: HIDDEN_TEXT,
        moderation: { state: 'hidden', reason: 'spam' },
        verified: false,
      }),
      reportComment({
        text: HIDDEN_TEXT,
        moderation: { state: 'hidden', reason: 'personal_data' },
      }),
    ];
    const { report } = accumulate(comments);
    expect(report.totals.all).toEqual({
      received: 11,
      counted: 9,
      distinctTexts: 7,
      // The one duplicate group, and the three comments not grouped yet, each a group of its own.
      groups: 4,
      uniquePeople: 4,
      unknownPeople: 2,
    });
    expect(report.totals.verified).toEqual({
      received: 5,
      counted: 4,
      distinctTexts: 3,
      groups: 2,
      uniquePeople: 3,
      unknownPeople: 0,
    });
    expect(report.totals.unverified).toEqual({
      received: 6,
      counted: 5,
      distinctTexts: 5,
      groups: 3,
      uniquePeople: 3,
      unknownPeople: 2,
    });
    expect(report.totals.hidden).toEqual({
      total: 2,
      byReason: { spam: 1, offensive: 0, off_topic: 0, personal_data: 1 },
    });
    const a2 = report.articles.find((a) => a.articleId === 'a2')!;
    expect(a2.opinions).toEqual({ support: 0, oppose: 6, suggest_change: 0, question: 2 });
    expect(a2.verifiedOpinions).toEqual({ support: 0, oppose: 3, suggest_change: 0, question: 0 });
    expect(report.articles.find((a) => a.articleId === null)!.opinions.support).toBe(1);
  });

  it('never lets a hidden comment text into the report or its rows', () => {
    const hidden = [
      reportComment({ text: HIDDEN_TEXT, moderation: { state: 'hidden', reason: 'offensive' } }),
      // A hidden representative: its group's row takes a visible member's text instead.
      campaign(0, { text: HIDDEN_TEXT, moderation: { state: 'hidden', reason: 'spam' } }),
      campaign(1),
    ];
    for (const view of ['public', 'agency'] as const) {
      const { report, rows } = accumulate(hidden, view);
      const all = JSON.stringify({ report, rows });
      expect(all).not.toContain('SPAM-SECRET');
      expect(rows).toHaveLength(1);
      expect(rows[0]!.text).toContain('De nghi giam muc gia 1');
    }
  });

  it('withholds the demographic tables from the public while the consultation is open', () => {
    const comments = Array.from({ length: 12 }, (_, i) =>
      reportComment({ personKey: `k${i}`, demographics: { ethnicGroup: 'Kinh', gender: 'male' } }),
    );
    const live = accumulate(comments, 'public', new Date(CLOSES.getTime() - 1)).report.demographics;
    expect(live).toEqual({ threshold: 5, withheldUntilFinal: true, tables: [] });
    const agency = accumulate(comments, 'agency', new Date(CLOSES.getTime() - 1)).report
      .demographics;
    expect(agency.withheldUntilFinal).toBe(false);
    expect(agency.tables[0]!.cells).toEqual([{ value: 'Kinh', people: 12, suppression: 'none' }]);
    expect(accumulate(comments).report.demographics.tables).toHaveLength(2);
  });

  it('is live while the consultation is open and final after it closes', () => {
    expect(accumulate([], 'public', new Date(CLOSES.getTime() - 1)).report.status).toBe('live');
    expect(accumulate([], 'public', CLOSES).report.status).toBe('final');
  });

  it('refuses a comment of another draft', () => {
    const acc = new SynthesisAccumulator({
      draft: reportDraft(),
      units: reportUnits(),
      view: 'public',
      now: AFTER_CLOSE,
    });
    expect(() => acc.add(reportComment({ draftId: 'draft-2' }))).toThrow(/another draft/);
  });
});

describe('SynthesisAccumulator per channel and per unit', () => {
  it('counts each channel and rolls units up the tree', () => {
    const { report } = accumulate([
      reportComment({ channel: 'sms', unitId: 'C1', verified: false }),
      reportComment({ channel: 'sms', unitId: 'C2' }),
      reportComment({ channel: 'zalo', unitId: 'C3' }),
      reportComment({ channel: 'paper', unitId: 'D1' }),
      reportComment({
        channel: 'web',
        unitId: 'C3',
        moderation: { state: 'hidden', reason: 'spam' },
      }),
      reportComment({ channel: 'web', unitId: 'X-unknown' }),
      reportComment({ channel: 'email', unitId: null }),
    ]);
    const byChannel = Object.fromEntries(report.channels.map((c) => [c.channel, c]));
    expect(byChannel.sms).toEqual({ channel: 'sms', received: 2, verified: 1, hidden: 0 });
    expect(byChannel.web).toEqual({ channel: 'web', received: 2, verified: 2, hidden: 1 });
    expect(byChannel.village_session!.received).toBe(0);
    const byUnit = Object.fromEntries(report.units.map((u) => [u.unitId, u]));
    expect(byUnit.P).toMatchObject({ received: 5, own: 0, depth: 0 });
    expect(byUnit.D1).toMatchObject({ received: 3, own: 1, verified: 2, depth: 1 });
    expect(byUnit.C1).toMatchObject({ received: 1, verified: 0, depth: 2 });
    expect(byUnit.D2).toMatchObject({ received: 2, own: 0 });
    expect(report.units.map((u) => u.unitId)).toEqual(['P', 'D1', 'C1', 'C2', 'D2', 'C3']);
    expect(report.unitsUnknown).toEqual({ unknownUnit: 1, noUnit: 1 });
  });
});

describe('SynthesisAccumulator per article', () => {
  it('collapses a group onto its representative, with its answer, and lists single comments', () => {
    const answer = {
      outcome: 'partly_accepted' as const,
      reason: 'Giảm xuống 25.000 đồng',
      changedArticleIds: ['a2'],
      published: true,
    };
    const { report, rows } = accumulate([
      campaign(1, { answer, submitter: { kind: 'organization', label: 'Hội Nông dân tỉnh' } }),
      campaign(0, { answer }),
      campaign(2, { answer: { ...answer, outcome: 'not_accepted', reason: 'khác' } }),
      reportComment({ articleId: 'a3', text: 'Giữ quy định miễn cho hộ nghèo', clauseId: 'a3.1' }),
    ]);
    expect(rows).toHaveLength(2);
    const [group, single] = rows;
    expect(group).toMatchObject({
      kind: 'group',
      id: 'g1',
      articleId: 'a2',
      text: 'Đề nghị giảm mức giá xuống 20.000 đồng',
      comments: 3,
      labels: ['Hội Nông dân tỉnh'],
      submitters: { citizen: 2, organization: 1, agency: 0, press: 0 },
      answeredApart: 1,
    });
    expect(group!.answer).toEqual({
      outcome: 'partly_accepted',
      reason: 'Giảm xuống 25.000 đồng',
      changedArticles: [{ id: 'a2', number: '2' }],
      published: true,
    });
    expect(single).toMatchObject({
      kind: 'comment',
      articleId: 'a3',
      clauseId: 'a3.1',
      comments: 1,
    });
    const change = Object.fromEntries(
      report.articles.map((a) => [a.articleId ?? 'draft', a.change] as const),
    );
    expect(change.a1!.kind).toBe('unchanged');
    expect(change.a2).toMatchObject({ kind: 'changed', changedByAnswers: 3 });
    expect(change.a3!.kind).toBe('removed');
    expect(change.a4!.kind).toBe('added');
    expect(report.articles.find((a) => a.articleId === 'a2')!.groups).toBe(1);
  });

  it('shows pending comments and unpublished answers to the agency only', () => {
    const comments = [
      reportComment({ moderation: { state: 'pending' }, text: 'chờ duyệt' }),
      reportComment({
        answer: {
          outcome: 'accepted',
          reason: 'chưa công bố',
          changedArticleIds: [],
          published: false,
        },
      }),
    ];
    const pub = accumulate(comments, 'public');
    expect(pub.rows).toHaveLength(1);
    expect(pub.rows[0]!.answer).toBeNull();
    expect(pub.report.totals.pendingModeration).toBe(1);
    expect(pub.report.totals.all.counted).toBe(2);
    const agency = accumulate(comments, 'agency');
    expect(agency.rows.map((r) => r.text)).toContain('chờ duyệt');
    expect(agency.rows.find((r) => r.answer)!.answer!.published).toBe(false);
  });

  it('orders rows by article, groups before single comments, larger groups first', () => {
    const { rows } = accumulate([
      reportComment({ articleId: 'a3' }),
      reportComment({
        articleId: 'a2',
        group: { id: 'small', exactKey: 's', representativeId: 'x' },
      }),
      reportComment({ articleId: null }),
      ...[1, 2].map(() =>
        reportComment({
          articleId: 'a2',
          group: { id: 'big', exactKey: 'b', representativeId: 'x' },
        }),
      ),
      reportComment({ articleId: 'a2' }),
    ]);
    expect(rows.map((r) => `${r.articleId}:${r.kind === 'group' ? r.id : 'c'}`)).toEqual([
      'null:c',
      'a2:big',
      'a2:small',
      'a2:c',
      'a3:c',
    ]);
  });
});

describe('SynthesisAccumulator demographics', () => {
  it('counts people per ethnic group and gender, suppressing every cell under 5', () => {
    const people = [
      ...Array.from({ length: 12 }, (_, i) => ({
        key: `k${i}`,
        ethnicGroup: 'Kinh',
        gender: 'female',
      })),
      ...Array.from({ length: 7 }, (_, i) => ({
        key: `m${i}`,
        ethnicGroup: 'Mông',
        gender: 'male',
      })),
      ...Array.from({ length: 2 }, (_, i) => ({
        key: `d${i}`,
        ethnicGroup: 'Dao',
        gender: 'male',
      })),
    ];
    const comments = people.flatMap((p, i) => {
      // Two comments each: a person counts once, with what they stated, in either order.
      const pair = [
        reportComment({
          personKey: p.key,
          demographics: { ethnicGroup: p.ethnicGroup, gender: p.gender },
        }),
        reportComment({ personKey: p.key, demographics: null }),
      ];
      return i % 2 ? pair : pair.reverse();
    });
    comments.push(reportComment({ personKey: 'no-consent' }));
    const { report } = accumulate(comments);
    const [ethnic, gender] = report.demographics.tables;
    expect(ethnic!.total).toBe(22);
    // Dao (2) and not stated (1) are primary; together 3 < 5, so Mông (7) is hidden as well.
    expect(ethnic!.cells).toEqual([
      { value: 'Dao', people: null, suppression: 'primary' },
      { value: 'Kinh', people: 12, suppression: 'none' },
      { value: 'Mông', people: null, suppression: 'complementary' },
      { value: 'not_stated', people: null, suppression: 'primary' },
    ]);
    // One hidden cell would be the total minus the others: the smallest shown one goes too.
    expect(gender!.cells).toEqual([
      { value: 'female', people: 12, suppression: 'none' },
      { value: 'male', people: null, suppression: 'complementary' },
      { value: 'not_stated', people: null, suppression: 'primary' },
    ]);
  });
});
