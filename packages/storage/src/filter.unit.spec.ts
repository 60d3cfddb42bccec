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

describe('compileFilter on a multi-valued index', () => {
  const multiSpec = resolveSpec({
    name: 'drafts',
    indexes: [
      { name: 'status', path: 'status' },
      { name: 'units', path: 'target.unitIds', multi: true },
    ],
  });
  const rows = [
    { id: 'a', status: 'open', units: ['/hn/1/', '/hn/2/'] },
    { id: 'b', status: 'open', units: ['/hcm/1/'] },
    { id: 'c', status: 'closed', units: [] },
    { id: 'd', status: 'closed', units: ['/hn/12/', 7, 2.5] },
    { id: 'e', status: null, units: ['7'] },
  ];
  const matching = (filter: Filter) => {
    const predicate = compileFilter(multiSpec, filter);
    return rows.filter((row) => evaluate(predicate, row)).map((r) => r.id);
  };

  it('asks about elements for every operator', () => {
    const cases: [Filter, string[]][] = [
      [{ units: '/hn/1/' }, ['a']],
      [{ units: { $eq: 7 } }, ['d']],
      [{ units: '7' }, ['e']],
      [{ units: { $ne: '/hn/1/' } }, ['b', 'c', 'd', 'e']],
      [{ units: { $in: ['/hcm/1/', 7] } }, ['b', 'd']],
      [{ units: { $in: ['/hcm/1/'] } }, ['b']],
      [{ units: { $in: ['/hcm/1/', null] } }, ['b', 'c']],
      [{ units: { $in: [] } }, []],
      [{ units: { $prefix: '/hn/1' } }, ['a', 'd']],
      [{ units: { $prefix: '' } }, ['a', 'b', 'd', 'e']],
      [{ units: { $gt: 5 } }, ['d']],
      [{ units: { $lte: 2.5 } }, ['d']],
      [{ units: { $lt: '/hn/' } }, ['b']],
      [{ units: { $gte: '7' } }, ['e']],
      [{ units: null }, ['c']],
      [{ units: { $eq: null } }, ['c']],
      [{ units: { $ne: null } }, ['a', 'b', 'd', 'e']],
      [{ units: { $prefix: '/hn/' }, status: 'closed' }, ['d']],
      [{ units: { $ne: 7 }, status: 'closed' }, ['c']],
    ];
    for (const [filter, expected] of cases) {
      expect(matching(filter), JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('compiles to has-predicates', () => {
    expect(compileFilter(multiSpec, { units: { $ne: 'u' } })).toEqual({
      kind: 'has',
      field: 'units',
      element: { kind: 'eq', value: 'u' },
      negate: true,
    });
    expect(compileFilter(multiSpec, { units: { $in: ['u', 'u', 'v'] } })).toEqual({
      kind: 'has',
      field: 'units',
      element: { kind: 'in', values: ['u', 'v'] },
      negate: false,
    });
    expect(compileFilter(multiSpec, { units: { $prefix: '/hn/' } })).toEqual({
      kind: 'has',
      field: 'units',
      element: { kind: 'prefix', prefix: '/hn/' },
      negate: false,
    });
  });

  it('rejects booleans and bad operands', () => {
    const fields = (filter: unknown) => {
      try {
        compileFilter(multiSpec, filter as Filter);
      } catch (err) {
        expect(err).toBeInstanceOf(InvalidArgumentError);
        return (err as InvalidArgumentError).violations.map((v) => v.field);
      }
      return [];
    };
    expect(fields({ units: true })).toEqual(['filter.units']);
    expect(fields({ units: { $eq: false } })).toEqual(['filter.units.$eq']);
    expect(fields({ units: { $ne: true } })).toEqual(['filter.units.$ne']);
    expect(fields({ units: { $in: ['a', true] } })).toEqual(['filter.units.$in']);
    expect(fields({ units: { $in: 'a' } })).toEqual(['filter.units.$in']);
    expect(fields({ units: ['a'] })).toEqual(['filter.units']);
    expect(fields({ units: { $gt: null } })).toEqual(['filter.units.$gt']);
    expect(fields({ units: { $prefix: 1 } })).toEqual(['filter.units.$prefix']);
    expect(fields({ units: { $regex: 'a' } })).toEqual(['filter.units.$regex']);
    expect(fields({ units: { $gt: 1, $lt: 2 } })).toEqual(['filter.units']);
    expect(fields({ units: Number.NaN })).toEqual(['filter.units']);
  });
});
