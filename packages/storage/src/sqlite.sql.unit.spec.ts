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
    );
    expect(where.sql).toBe(
      '("ix_flag" = ? AND id IS NOT ? AND (typeof("ix_rank") IN (\'integer\', \'real\') AND "ix_rank" >= ?) AND ("ix_status" IN (?) OR "ix_status" IS NULL))',
    );
    expect(where.params).toEqual([1, '"; DROP TABLE drafts; --', 2, "it's"]);
  });

  it('compiles the constant predicates and nulls', () => {
    expect(compileWhere(compileFilter(spec, {})).sql).toBe('1');
    expect(compileWhere(compileFilter(spec, { status: { $in: [] } })).sql).toBe('0');
    expect(compileWhere(compileFilter(spec, { status: null })).sql).toBe('"ix_status" IS NULL');
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
    );
    expect(where.sql).toBe('("ix_rank" < ? OR "ix_rank" IS NULL OR ("ix_rank" = ? AND id > ?))');
    expect(where.params).toEqual([3, 3, 'd1']);
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
