import { describe, expect, it } from 'vitest';
import { articleChangeKind, articleTextDiff } from './article-change.js';

describe('articleChangeKind', () => {
  it('tells unchanged, changed, added, removed and not yet revised articles apart', () => {
    expect(articleChangeKind(false, 'a', 'b')).toBe('not_revised');
    expect(articleChangeKind(true, null, 'mới')).toBe('added');
    expect(articleChangeKind(true, 'cũ', null)).toBe('removed');
    expect(articleChangeKind(true, 'Mức giá.', 'Mức giá.')).toBe('unchanged');
    // NFC: the same words typed with combining marks are the same text.
    expect(articleChangeKind(true, 'Mức giá', 'Mu\u031B\u0301c gia\u0301 ')).toBe('unchanged');
    expect(articleChangeKind(true, 'Mức giá 30.000', 'Mức giá 25.000')).toBe('changed');
  });
});

describe('articleTextDiff', () => {
  it('gives the words inserted and deleted, Vietnamese syllables kept whole', () => {
    const consulted = 'Mức giá là 30.000 đồng mỗi hộ mỗi tháng.';
    const revised = 'Mức giá là 25.000 đồng mỗi hộ gia đình mỗi tháng.';
    const parts = articleTextDiff(consulted, revised)!;
    const join = (ops: string[]) =>
      parts
        .filter((p) => ops.includes(p.op))
        .map((p) => p.text)
        .join('');
    expect(join(['equal', 'delete'])).toBe(consulted);
    expect(join(['equal', 'insert'])).toBe(revised);
    expect(parts.filter((p) => p.op === 'insert').map((p) => p.text.trim())).toEqual([
      '25',
      'gia đình',
    ]);
    expect(parts.filter((p) => p.op === 'delete').map((p) => p.text)).toEqual(['30']);
  });

  it('gives up on a rewrite beyond the edit budget', () => {
    const a = Array.from({ length: 50 }, (_, i) => `cũ${i}`).join(' ');
    const b = Array.from({ length: 50 }, (_, i) => `mới${i}`).join(' ');
    expect(articleTextDiff(a, b, 10)).toBeNull();
    expect(articleTextDiff(a, b)).not.toBeNull();
  });
});

describe('the change the draft service declared', () => {
  it('wins over the texts, which an event may not have carried', () => {
    expect(articleChangeKind(true, null, null, 'changed')).toBe('changed');
    expect(articleChangeKind(true, 'a', 'a', 'changed')).toBe('changed');
    expect(articleChangeKind(true, null, null, 'removed')).toBe('removed');
    // Without it, two missing texts would read as unchanged.
    expect(articleChangeKind(true, null, null)).toBe('unchanged');
    expect(articleChangeKind(false, 'a', 'b', 'changed')).toBe('not_revised');
  });
});
