import { describe, expect, it } from 'vitest';
import { DiffBudget, diffContent, textDiff, wordDiff, type TextDiffPart } from './article-diff.js';
import { content } from './draft.fixtures.js';
import type { DraftContent } from './draft.model.js';

const side = (parts: TextDiffPart[], keep: 'insert' | 'delete') =>
  parts
    .filter((p) => p.op === 'equal' || p.op === keep)
    .map((p) => p.text)
    .join('');

function edit(base: DraftContent, fn: (c: DraftContent) => void): DraftContent {
  const copy = structuredClone(base);
  fn(copy);
  return copy;
}

describe('text diff', () => {
  it('rebuilds both texts exactly, with word-level edits', () => {
    const a = 'Mức phí là 20.000 đồng mỗi lượt.';
    const b = 'Mức phí là 15.000 đồng mỗi lượt, miễn cho hộ nghèo.';
    const parts = textDiff(a, b);
    expect(side(parts, 'delete')).toBe(a);
    expect(side(parts, 'insert')).toBe(b);
    expect(parts).toContainEqual({ op: 'delete', text: '20.000' });
    expect(parts).toContainEqual({ op: 'insert', text: '15.000' });
  });

  it('handles empty sides and identical texts', () => {
    expect(textDiff('', '')).toEqual([]);
    expect(textDiff('a b', 'a b')).toEqual([{ op: 'equal', text: 'a b' }]);
    expect(textDiff('', 'mới')).toEqual([{ op: 'insert', text: 'mới' }]);
    expect(textDiff('cũ', '')).toEqual([{ op: 'delete', text: 'cũ' }]);
  });

  it('stays exact on random edits', () => {
    const words = ['xã', 'thôn', 'bản', 'Mông', 'Dao', 'phí', 'giá', '\n', 'điều', '1.'];
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 200; n++) {
      const make = () =>
        Array.from(
          { length: Math.floor(rand() * 30) },
          () => words[Math.floor(rand() * words.length)],
        ).join(' ');
      const a = make();
      const b = make();
      const parts = textDiff(a, b);
      expect(side(parts, 'delete')).toBe(a);
      expect(side(parts, 'insert')).toBe(b);
    }
  });

  it('falls back to a whole replacement for very long changed texts, still exact', () => {
    const a = Array.from({ length: 5000 }, (_, i) => `w${i}`).join(' ');
    const b = Array.from({ length: 5000 }, (_, i) => `v${i}`).join(' ');
    const parts = textDiff(a, b);
    expect(side(parts, 'delete')).toBe(a);
    expect(side(parts, 'insert')).toBe(b);
  });
});

describe('diff budget', () => {
  it('charges each table to one budget and replaces whole what does not fit, still exact', () => {
    const a = Array.from({ length: 100 }, (_, i) => `w${i}`).join(' ');
    const b = Array.from({ length: 100 }, (_, i) => `v${i}`).join(' ');
    const budget = new DiffBudget(50_000);
    // 199 tokens a side: 39,601 cells fit once, not twice.
    const first = wordDiff(a, b, budget);
    expect(first.coarse).toBe(false);
    expect(budget.remaining).toBe(50_000 - 199 * 199);
    const second = wordDiff(a, b, budget);
    expect(second.coarse).toBe(true);
    expect(budget.remaining).toBe(50_000 - 199 * 199);
    expect(side(second.parts, 'delete')).toBe(a);
    expect(side(second.parts, 'insert')).toBe(b);
    // Identical texts and one-sided edits cost nothing.
    expect(wordDiff(a, a, new DiffBudget(0)).coarse).toBe(false);
    expect(wordDiff('', b, new DiffBudget(0))).toEqual({
      parts: [{ op: 'insert', text: b }],
      coarse: false,
    });
  });
});

describe('article diff between versions', () => {
  const base = content();

  it('reports nothing for identical versions', () => {
    expect(diffContent(base, structuredClone(base), 'vi')).toEqual([]);
  });

  it('finds added, removed and changed articles by their stable ids', () => {
    const newer = edit(base, (c) => {
      const ch = c.chapters[0]!;
      ch.articles[0]!.clauses[0]!.text.vi = 'Quyết định này quy định giá và phí dịch vụ.';
      ch.articles.splice(1, 1);
      ch.articles.push({ id: 'a3', number: '2', title: { vi: 'Hiệu lực' }, clauses: [] });
    });
    const changes = diffContent(base, newer, 'vi');
    expect(changes.map((c) => [c.articleId, c.change])).toEqual([
      ['a1', 'changed'],
      ['a3', 'added'],
      ['a2', 'removed'],
    ]);
    expect(changes[0]?.textDiff).toContainEqual({ op: 'insert', text: 'và phí ' });
  });

  it('treats a renumbered or moved article as changed, not removed and added', () => {
    const newer = edit(base, (c) => {
      c.chapters[0]!.articles[1]!.number = '3';
    });
    expect(diffContent(base, newer, 'vi')).toEqual([
      expect.objectContaining({ articleId: 'a2', change: 'changed', number: '3' }),
    ]);
  });

  it('diffs in the requested language only', () => {
    const newer = edit(base, (c) => {
      c.chapters[0]!.articles[0]!.title.hmn = 'Txoj cai';
    });
    expect(diffContent(base, newer, 'vi')).toEqual([]);
    expect(diffContent(base, newer, 'hmn')).toEqual([
      expect.objectContaining({ articleId: 'a1', change: 'changed' }),
    ]);
  });
});
