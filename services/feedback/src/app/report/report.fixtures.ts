// Builders for report tests and the report benchmark: a draft, a unit tree and comments.
import type { ReportComment, ReportDraft, ReportUnit } from './report-input.model.js';

export const OPENS = new Date('2026-11-01T00:00:00Z');
export const CLOSES = new Date('2026-11-30T17:00:00Z');

export function reportDraft(overrides: Partial<ReportDraft> = {}): ReportDraft {
  return {
    id: 'draft-1',
    code: 'QD-2026-17',
    title: 'Quyết định quy định giá dịch vụ thu gom rác thải sinh hoạt',
    revised: true,
    consultation: { opensAt: OPENS, closesAt: CLOSES },
    articles: [
      {
        id: 'a1',
        number: '1',
        heading: 'Phạm vi điều chỉnh',
        consultedText: 'Quyết định này quy định giá dịch vụ.',
        revisedText: 'Quyết định này quy định giá dịch vụ.',
      },
      {
        id: 'a2',
        number: '2',
        heading: 'Mức giá',
        consultedText: 'Mức giá là 30.000 đồng mỗi hộ mỗi tháng.',
        revisedText: 'Mức giá là 25.000 đồng mỗi hộ mỗi tháng.',
      },
      {
        id: 'a3',
        number: '3',
        heading: 'Miễn giảm',
        consultedText: 'Hộ nghèo được miễn.',
        revisedText: null,
      },
      {
        id: 'a4',
        number: '4',
        heading: 'Hiệu lực',
        consultedText: null,
        revisedText: 'Quyết định có hiệu lực từ ngày 01/01/2027.',
      },
    ],
    ...overrides,
  };
}

/** Province P → district D1 (communes C1, C2) and district D2 (commune C3). */
export function reportUnits(): ReportUnit[] {
  return [
    { id: 'P', name: 'Tỉnh Lào Cai', path: ['P'] },
    { id: 'D1', name: 'Huyện Bát Xát', path: ['P', 'D1'] },
    { id: 'C1', name: 'Xã Y Tý', path: ['P', 'D1', 'C1'] },
    { id: 'C2', name: 'Xã A Mú Sung', path: ['P', 'D1', 'C2'] },
    { id: 'D2', name: 'Huyện Sa Pa', path: ['P', 'D2'] },
    { id: 'C3', name: 'Xã Tả Van', path: ['P', 'D2', 'C3'] },
  ];
}

let seq = 0;

export function reportComment(overrides: Partial<ReportComment> = {}): ReportComment {
  seq++;
  return {
    id: `c${seq}`,
    draftId: 'draft-1',
    articleId: 'a2',
    clauseId: null,
    stance: 'oppose',
    text: `Ý kiến số ${seq}`,
    language: 'vi',
    channel: 'web',
    submitter: { kind: 'citizen', label: 'Người dân, xã Y Tý' },
    verified: true,
    personKey: `person-${seq}`,
    unitId: 'C1',
    moderation: { state: 'published' },
    group: null,
    answer: null,
    demographics: null,
    ...overrides,
  };
}

/** Two camps of 20 people: one supports Điều 1 and opposes Điều 2, the other the reverse. */
export function* twoCamps(): Generator<ReportComment> {
  for (let p = 0; p < 40; p++) {
    const first = p < 20;
    yield reportComment({
      personKey: `p${p}`,
      articleId: 'a1',
      stance: first ? 'support' : 'oppose',
    });
    yield reportComment({
      personKey: `p${p}`,
      articleId: 'a2',
      stance: first ? 'oppose' : 'support',
    });
    // Everyone agrees on Điều 3.
    yield reportComment({ personKey: `p${p}`, articleId: 'a3', stance: 'support' });
  }
}

/** A seeded generator (mulberry32), so synthetic data is the same on every run. */
export function seededRandom(seed: number): () => number {
  let t = seed >>> 0;
  return () => {
    t = (t + 0x6d2b79f5) >>> 0;
    let r = Math.imul(t ^ (t >>> 15), 1 | t);
    r = (r + Math.imul(r ^ (r >>> 7), 61 | r)) ^ r;
    return ((r ^ (r >>> 14)) >>> 0) / 4294967296;
  };
}
