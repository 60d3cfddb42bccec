import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@pcn/platform';
import { resolveSpec } from './collection-spec.js';
import { compileFilter, prefixSuccessor } from './filter.js';
import { evaluate } from './predicate-eval.test-helper.js';
import type { Filter } from './store.contract.js';

const spec = resolveSpec({
  name: 'drafts',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'rank', path: 'rank' },
    { name: 'unit_path', path: 'unit.path' },
  ],
});

function violationsOf(filter: unknown): string[] {
  try {
    compileFilter(spec, filter as Filter);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return (err as InvalidArgumentError).violations.map((v) => v.field);
  }
  return [];
}

describe('compileFilter', () => {
  it('matches nothing but what each operator promises', () => {
    const rows = [
      { id: 'a', status: 'open', rank: 1, unit_path: '/hn/1/' },
      { id: 'b', status: 'closed', rank: null, unit_path: '/hn/12/' },
      { id: 'c', status: null, rank: 3, unit_path: '/hcm/' },
      { id: 'd', status: 'open', rank: 10, unit_path: null },
    ];
    const cases: [Filter, string[]][] = [
      [{}, ['a', 'b', 'c', 'd']],
      [{ status: 'open' }, ['a', 'd']],
      [{ status: { $eq: null } }, ['c']],
      [{ status: { $ne: 'open' } }, ['b', 'c']],
      [{ status: { $ne: null } }, ['a', 'b', 'd']],
      [{ status: { $in: ['closed', null] } }, ['b', 'c']],
      [{ status: { $in: [] } }, []],
      [{ rank: { $gt: 1 } }, ['c', 'd']],
      [{ rank: { $gte: 1 } }, ['a', 'c', 'd']],
      [{ rank: { $lt: 10 } }, ['a', 'c']],
      [{ rank: { $lte: 10 } }, ['a', 'c', 'd']],
      [{ rank: { $gt: 'a' } }, []],
      [{ status: { $gt: 0 } }, []],
      [{ unit_path: { $prefix: '/hn/1' } }, ['a', 'b']],
      [{ unit_path: { $prefix: '/hn/1/' } }, ['a']],
      [{ unit_path: { $prefix: '' } }, ['a', 'b', 'c']],
      [{ id: { $in: ['a', 'z'] }, status: 'open' }, ['a']],
    ];
    for (const [filter, expected] of cases) {
      const predicate = compileFilter(spec, filter);
      expect(
        rows.filter((row) => evaluate(predicate, row)).map((r) => r.id),
        JSON.stringify(filter),
      ).toEqual(expected);
    }
  });

  it('produces the same predicate whatever the key order', () => {
    expect(compileFilter(spec, { status: 'a', rank: 1 })).toEqual(
      compileFilter(spec, { rank: 1, status: 'a' }),
    );
  });

  it('reports every problem at once', () => {
    expect(
      violationsOf({
        title: 'x',
        status: { $regex: 'x' },
        rank: { $gt: 1, $lt: 2 },
        unit_path: { $prefix: 1 },
      }),
    ).toEqual(['filter.rank', 'filter.status.$regex', 'filter.title', 'filter.unit_path.$prefix']);
  });

  it('rejects bad operands', () => {
    expect(violationsOf({ rank: { $gt: null } })).toEqual(['filter.rank.$gt']);
    expect(violationsOf({ rank: { $gt: true } })).toEqual(['filter.rank.$gt']);
    expect(violationsOf({ rank: Number.NaN })).toEqual(['filter.rank']);
    expect(violationsOf({ rank: { $in: 'x' } })).toEqual(['filter.rank.$in']);
    expect(violationsOf({ rank: { $in: [[1]] } })).toEqual(['filter.rank.$in']);
    expect(violationsOf({ rank: { $in: Array.from({ length: 1001 }, (_, i) => i) } })).toEqual([
      'filter.rank.$in',
    ]);
    expect(violationsOf({ rank: [1] })).toEqual(['filter.rank']);
    expect(violationsOf({ rank: {} })).toEqual(['filter.rank']);
    expect(violationsOf([])).toEqual(['filter']);
  });
});

describe('prefixSuccessor', () => {
  it('increments the last code point', () => {
    expect(prefixSuccessor('abc')).toBe('abd');
    expect(prefixSuccessor('/hn/')).toBe('/hn0');
    // ị is U+1ECB (NFC); its successor is U+1ECC.
    expect(prefixSuccessor('Ngh\u1ecb')).toBe('Ngh\u1ecc');
    expect(prefixSuccessor('𖬀')).toBe('𖬁');
  });

  it('skips the surrogate block and carries over the last code point', () => {
    expect(prefixSuccessor('a\ud7ff')).toBe('a\ue000');
    expect(prefixSuccessor('a\u{10ffff}')).toBe('b');
    expect(prefixSuccessor('\u{10ffff}')).toBeNull();
    expect(prefixSuccessor('')).toBeNull();
  });
});
