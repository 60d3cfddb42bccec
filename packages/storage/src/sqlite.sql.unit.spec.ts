import { describe, expect, it } from 'vitest';
import { resolveSpec } from './collection-spec.js';
import { compileFilter } from './filter.js';
import { keysetPredicate } from './keyset.js';
import { compileOrderBy, compileWhere, quoteIdent } from './sqlite.sql.js';

const spec = resolveSpec({
  name: 'drafts',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'rank', path: 'rank' },
    { name: 'flag', path: 'flag' },
  ],
});

describe('compileWhere', () => {
  it('binds every value as a parameter', () => {
    const where = compileWhere(
      compileFilter(spec, {
        status: { $in: ["it's", null] },
        rank: { $gte: 2 },
        flag: true,
        id: { $ne: '"; DROP TABLE drafts; --' },
      }),
      'drafts',
    );
    expect(where.sql).toBe(
      '("ix_flag" = ? AND id IS NOT ? AND (typeof("ix_rank") IN (\'integer\', \'real\') AND "ix_rank" >= ?) AND ("ix_status" IN (?) OR "ix_status" IS NULL))',
    );
    expect(where.params).toEqual([1, '"; DROP TABLE drafts; --', 2, "it's"]);
  });

  it('compiles the constant predicates and nulls', () => {
    expect(compileWhere(compileFilter(spec, {}), 'drafts').sql).toBe('1');
    expect(compileWhere(compileFilter(spec, { status: { $in: [] } }), 'drafts').sql).toBe('0');
    expect(compileWhere(compileFilter(spec, { status: null }), 'drafts').sql).toBe(
      '"ix_status" IS NULL',
    );
  });

  it('compiles keyset conditions in sort order', () => {
    const where = compileWhere(
      keysetPredicate(
        [
          { field: 'rank', direction: 'desc' },
          { field: 'id', direction: 'asc' },
        ],
        [3, 'd1'],
      ),
      'drafts',
    );
    expect(where.sql).toBe('("ix_rank" < ? OR "ix_rank" IS NULL OR ("ix_rank" = ? AND id > ?))');
    expect(where.params).toEqual([3, 3, 'd1']);
  });
});

describe('compileWhere on multi-valued indexes', () => {
  const multiSpec = resolveSpec({
    name: 'drafts',
    indexes: [
      { name: 'status', path: 'status' },
      { name: 'units', path: 'target.unitIds', multi: true },
    ],
  });
  const where = (filter: Record<string, unknown>) =>
    compileWhere(compileFilter(multiSpec, filter as never), 'drafts');
  const side = 'FROM "drafts__m_units" AS m WHERE m.doc_id = "drafts".id';

  it('correlates EXISTS subqueries on the side table', () => {
    expect(where({ units: "it's", status: 'open' })).toEqual({
      sql: `("ix_status" = ? AND EXISTS (SELECT 1 ${side} AND m.value = ?))`,
      params: ['open', "it's"],
    });
    expect(where({ units: { $ne: 7 } })).toEqual({
      sql: `NOT EXISTS (SELECT 1 ${side} AND m.value = ?)`,
      params: [7],
    });
    expect(where({ units: { $in: ['a', 2] } })).toEqual({
      sql: `EXISTS (SELECT 1 ${side} AND m.value IN (?, ?))`,
      params: ['a', 2],
    });
    expect(where({ units: { $gte: 2 } })).toEqual({
      sql: `EXISTS (SELECT 1 ${side} AND typeof(m.value) IN ('integer', 'real') AND m.value >= ?)`,
      params: [2],
    });
    expect(where({ units: { $prefix: '/hn/' } })).toEqual({
      sql: `EXISTS (SELECT 1 ${side} AND typeof(m.value) = 'text' AND m.value >= ? AND m.value < ?)`,
      params: ['/hn/', '/hn0'],
    });
    expect(where({ units: { $in: ['a', null] } })).toEqual({
      sql: `(EXISTS (SELECT 1 ${side} AND m.value = ?) OR NOT EXISTS (SELECT 1 ${side}))`,
      params: ['a'],
    });
    expect(where({ units: { $ne: null } }).sql).toBe(`EXISTS (SELECT 1 ${side})`);
  });
});

describe('compileOrderBy and quoteIdent', () => {
  it('orders by columns', () => {
    expect(
      compileOrderBy([
        { field: 'status', direction: 'desc' },
        { field: 'id', direction: 'asc' },
      ]),
    ).toBe('"ix_status" DESC, id ASC');
  });

  it('doubles quotes', () => {
    expect(quoteIdent('a"b')).toBe('"a""b"');
  });
});
