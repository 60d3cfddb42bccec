import { describe, expect, it } from 'vitest';
import {
  DEFAULT_DUPLICATE_RULES,
  duplicateRulesFrom,
  fingerprint,
  isCampaign,
} from './duplicate-rules.js';
import { decideGroup, groupIdOf, planGroups, type Exemplar } from './group-decision.js';
import { MemoryIndex } from './memory-index.fixtures.js';

const rules = DEFAULT_DUPLICATE_RULES;
const TEXT =
  'Tôi không đồng ý với việc tăng mức phí trông giữ xe máy lên gấp ba lần như dự thảo. Người lao động thu nhập thấp sẽ phải gánh thêm chi phí rất lớn.';
const COPY =
  'Tôi là Lò Văn Tiến ở xã Mường Phăng. Toi khong dong y voi viec tang muc phi trong giu xe may len gap ba lan nhu du thao. Nguoi lao dong thu nhap thap se phai ganh them chi phi';
// A copy with a line about its sender and words dropped, without diacritics: estimated
// similarity about 0.5, between the threshold and `exemplarBelow`.
const FAR_COPY =
  'Tôi là Lò Văn Tiến, 45 tuổi, nông dân ở xã Mường Phăng, huyện Điện Biên. Toi khong dong y viec tang phi giu xe may len gap ba lan nhu du thao. Nguoi lao dong thu nhap thap se ganh them chi phi rat lon';
const OTHER =
  'Đề nghị bổ sung quy định bắt buộc lấy ý kiến trực tiếp của người dân trong vùng dự án trước khi thu hồi đất.';

function exemplar(id: string, text: string, groupId = groupIdOf(id)): Exemplar {
  return {
    commentId: id,
    group: { id: groupId, representativeId: id },
    signature: fingerprint(text, rules).signature!,
  };
}

describe('the group decision', () => {
  it('joins the group of a known exact key before looking at similarity', () => {
    const group = { id: 'grp-a', representativeId: 'a' };
    const d = decideGroup(
      'b',
      fingerprint(TEXT, rules),
      { exact: group, exemplars: [exemplar('x', OTHER)] },
      rules,
    );
    expect(d).toEqual({ kind: 'exact', group });
  });

  it('joins the most similar exemplar at or above the threshold, and founds a group otherwise', () => {
    const near = decideGroup(
      'c',
      fingerprint(COPY, rules),
      {
        exact: null,
        exemplars: [exemplar('o', OTHER), exemplar('t', TEXT)],
      },
      rules,
    );
    expect(near).toMatchObject({ kind: 'near', group: { id: 'grp-t', representativeId: 't' } });
    const alone = decideGroup(
      'c',
      fingerprint(OTHER, rules),
      { exact: null, exemplars: [exemplar('t', TEXT)] },
      rules,
    );
    expect(alone).toEqual({ kind: 'founded', group: { id: 'grp-c', representativeId: 'c' } });
    // The same candidates at a threshold above their similarity: no group to join.
    const strict = decideGroup(
      'c',
      fingerprint(COPY, rules),
      { exact: null, exemplars: [exemplar('t', TEXT)] },
      { ...rules, threshold: 0.99 },
    );
    expect(strict.kind).toBe('founded');
  });

  it('breaks ties to the smaller group id, whatever the order of candidates', () => {
    const a = exemplar('a', TEXT, 'grp-b');
    const b = exemplar('b', TEXT, 'grp-a');
    const fp = fingerprint(TEXT, rules);
    expect(decideGroup('c', fp, { exact: null, exemplars: [a, b] }, rules).group.id).toBe('grp-a');
    expect(decideGroup('c', fp, { exact: null, exemplars: [b, a] }, rules).group.id).toBe('grp-a');
  });

  it('makes a far member an exemplar, and a close one not', () => {
    const far = decideGroup(
      'c',
      fingerprint(FAR_COPY, rules),
      { exact: null, exemplars: [exemplar('t', TEXT)] },
      rules,
    );
    expect(far).toMatchObject({ kind: 'near', exemplar: true });
    const close = decideGroup(
      'c',
      fingerprint(`${TEXT} Xin cảm ơn.`, rules),
      { exact: null, exemplars: [exemplar('t', TEXT)] },
      rules,
    );
    expect(close).toMatchObject({ kind: 'near', exemplar: false });
  });

  it('plans a batch in order: later comments see the groups of earlier ones', () => {
    const index = new MemoryIndex();
    const batch = [
      { id: 'c1', text: TEXT },
      {
        id: 'c2',
        text: 'TÔI KHÔNG ĐỒNG Ý VỚI VIỆC TĂNG MỨC PHÍ TRÔNG GIỮ XE MÁY LÊN GẤP BA LẦN NHƯ DỰ THẢO NGƯỜI LAO ĐỘNG THU NHẬP THẤP SẼ PHẢI GÁNH THÊM CHI PHÍ RẤT LỚN',
      },
      { id: 'c3', text: FAR_COPY },
      { id: 'c4', text: OTHER },
    ].map((c) => ({ id: c.id, draftId: 'd', fingerprint: fingerprint(c.text, rules) }));
    const plan = planGroups(batch, index, rules);
    expect(plan.assignments.map((a) => [a.id, a.group.id, a.decision])).toEqual([
      ['c1', 'grp-c1', 'founded'],
      ['c2', 'grp-c1', 'exact'],
      ['c3', 'grp-c1', 'near'],
      ['c4', 'grp-c4', 'founded'],
    ]);
    // New texts get an exact key each; the exact copy adds nothing.
    expect(plan.exactEntries.map((e) => e.exactKey)).toEqual(
      [batch[0], batch[2], batch[3]].map((c) => c!.fingerprint.exactKey),
    );
    // The far copy indexes only bands that do not lead to its group already.
    const copyEntry = plan.exemplarEntries.find((e) => e.exemplar.commentId === 'c3');
    expect(copyEntry?.bandKeys.length).toBeLessThan(rules.minhash.bands);
    // Planned again against what it added: every comment finds its group by exact key.
    index.apply(plan);
    const again = planGroups(batch, index, rules);
    expect(again.assignments).toEqual(plan.assignments.map((a) => ({ ...a, decision: 'exact' })));
    expect(again.exactEntries).toEqual([]);
    expect(again.exemplarEntries).toEqual([]);
  });
});

describe('campaigns and settings', () => {
  it('flags a group as a campaign from the configured size', () => {
    expect(isCampaign(49, rules)).toBe(false);
    expect(isCampaign(50, rules)).toBe(true);
    const configured = duplicateRulesFrom({
      FEEDBACK_CAMPAIGN_MIN_SIZE: 3,
      FEEDBACK_DUPLICATE_SIMILARITY_PERCENT: 40,
    });
    expect(isCampaign(3, configured)).toBe(true);
    expect(configured.threshold).toBe(0.4);
    expect(configured.exemplarBelow).toBeGreaterThanOrEqual(configured.threshold);
  });
});
