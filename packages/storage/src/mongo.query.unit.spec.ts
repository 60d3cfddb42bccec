import { describe, expect, it } from 'vitest';
import { resolveSpec } from './collection-spec.js';
import { compileFilter } from './filter.js';
import { normalizeSort } from './find-plan.js';
import { compareCodePoints, keysetPredicate } from './keyset.js';
import { compileAfter, compileQuery, compileSort, prefixRegex } from './mongo.query.js';
import type { JsonScalar } from './store.contract.js';

const spec = resolveSpec({
  name: 'drafts',
  indexes: [
    { name: 'status', path: 'status' },
    { name: 'rank', path: 'rank' },
  ],
});

describe('compileQuery', () => {
  it('maps fields to _id and ix paths and keeps values as data', () => {
    expect(
      compileQuery(
        compileFilter(spec, {
          id: { $prefix: 'a' },
          status: { $in: ['$where', null] },
          rank: { $ne: null },
        }),
      ),
    ).toEqual({
      $and: [
        { _id: { $gte: 'a' } },
        { _id: { $lt: 'b' } },
        { 'ix.rank': { $ne: null } },
        { 'ix.status': { $in: ['$where', null] } },
      ],
    });
  });

  it('compiles constants, equality and null', () => {
    expect(compileQuery(compileFilter(spec, {}))).toEqual({});
    expect(compileQuery(compileFilter(spec, { status: { $in: [] } }))).toEqual({
      _id: { $in: [] },
    });
    expect(compileQuery(compileFilter(spec, { status: 'open' }))).toEqual({
      'ix.status': { $eq: 'open' },
    });
    expect(compileQuery(compileFilter(spec, { status: null }))).toEqual({ 'ix.status': null });
  });

  it('compiles keyset conditions', () => {
    expect(
      compileQuery(
        keysetPredicate(
          [
            { field: 'rank', direction: 'asc' },
            { field: 'id', direction: 'asc' },
          ],
          [null, 'd1'],
        ),
      ),
    ).toEqual({
      $or: [{ 'ix.rank': { $ne: null } }, { $and: [{ 'ix.rank': null }, { _id: { $gt: 'd1' } }] }],
    });
  });
});

describe('compileQuery on multi-valued indexes', () => {
  const multiSpec = resolveSpec({
    name: 'drafts',
    indexes: [
      { name: 'status', path: 'status' },
      { name: 'units', path: 'target.unitIds', multi: true },
    ],
  });
  const query = (filter: Record<string, unknown>) =>
    compileQuery(compileFilter(multiSpec, filter as never));

  it('asks about elements of the ix array', () => {
    expect(query({ units: 'u1' })).toEqual({ 'ix.units': { $eq: 'u1' } });
    expect(query({ units: { $ne: 'u1' } })).toEqual({ 'ix.units': { $nin: ['u1'] } });
    expect(query({ units: { $in: ['u1', 2] } })).toEqual({ 'ix.units': { $in: ['u1', 2] } });
    expect(query({ units: { $gt: 3 } })).toEqual({ 'ix.units': { $elemMatch: { $gt: 3 } } });
    expect(query({ units: { $prefix: '/hn/' } })).toEqual({
      'ix.units': { $regex: '^\\/hn\\/' },
    });
    expect(query({ units: null })).toEqual({ 'ix.units': { $exists: false } });
    expect(query({ units: { $ne: null } })).toEqual({ 'ix.units': { $exists: true } });
    expect(query({ units: { $in: ['$where', null] } })).toEqual({
      $or: [{ 'ix.units': { $eq: '$where' } }, { 'ix.units': { $exists: false } }],
    });
    expect(query({ units: 'u1', status: 'open' })).toEqual({
      $and: [{ 'ix.status': { $eq: 'open' } }, { 'ix.units': { $eq: 'u1' } }],
    });
  });

  it('negates without matching partial conditions', () => {
    expect(
      compileQuery({
        kind: 'has',
        field: 'units',
        element: { kind: 'range', op: 'lt', value: 'b' },
        negate: true,
      }),
    ).toEqual({ $nor: [{ 'ix.units': { $elemMatch: { $lt: 'b' } } }] });
    expect(
      compileQuery({ kind: 'has', field: 'units', element: { kind: 'any' }, negate: true }),
    ).toEqual({ 'ix.units': { $exists: false } });
  });
});

describe('prefixRegex', () => {
  it('escapes everything that is not plain text', () => {
    const source = prefixRegex('a.b*c(d)[e]{f}|g?h+i^j$k\\l/m n-o#p');
    expect(source).toBe('^a\\.b\\*c\\(d\\)\\[e\\]\\{f\\}\\|g\\?h\\+i\\^j\\$k\\\\l\\/m\\ n\\-o\\#p');
    expect(prefixRegex('tab\there\u0000')).toBe('^tab\\x{9}here\\x{0}');
    expect(prefixRegex('Nghị định 𖬀')).toBe('^Ngh\u1ecb\\ \u0111\u1ecbnh\\ 𖬀');
  });

  it('matches literally, as a JavaScript regex would read the same source', () => {
    // JavaScript reads \x{..} differently from PCRE, so only check sources without controls.
    const texts = ['a.b', 'aXb', 'a.b.c', '(x)', '[y]', 'it\'s "q"', 'Hmoob: Kuv', 'back\\slash'];
    for (const prefix of ['a.', '(', '[y', "it's", 'Hmoob:', 'back\\']) {
      const regex = new RegExp(prefixRegex(prefix));
      expect(texts.filter((t) => regex.test(t))).toEqual(texts.filter((t) => t.startsWith(prefix)));
    }
  });
});

describe('compileSort', () => {
  it('keeps key order', () => {
    expect(
      Object.entries(
        compileSort([
          { field: 'status', direction: 'desc' },
          { field: 'id', direction: 'asc' },
        ]),
      ),
    ).toEqual([
      ['ix.status', -1],
      ['_id', 1],
    ]);
  });
});

/** A row as MongoDB stores it: `{ _id, ix: { <index>: value } }`, a missing value left out. */
type MongoRow = { _id: string; ix: { rank?: string | number | boolean } };

// BSON's order between the types an index holds: missing/null, numbers, strings, booleans.
const TYPE_RANK = (v: unknown) =>
  v === undefined || v === null ? 0 : typeof v === 'number' ? 1 : typeof v === 'string' ? 2 : 3;

function bsonCompare(a: unknown, b: unknown): number {
  const ra = TYPE_RANK(a);
  const rb = TYPE_RANK(b);
  if (ra !== rb) return ra - rb;
  if (ra === 0) return 0;
  if (typeof a === 'string') return compareCodePoints(a, b as string);
  return Number(a) - Number(b);
}

function read(row: MongoRow, path: string): unknown {
  if (path === '_id') return row._id;
  if (path === 'ix.rank') return row.ix.rank;
  throw new Error(`no model for ${path}`);
}

/**
 * Evaluates the subset of MongoDB's query language the store emits for scalar keyset queries,
 * with the server's semantics: comparisons only within the operand's type (type bracketing),
 * null matching missing, `$type` by alias.
 */
function matches(query: Record<string, unknown>, row: MongoRow): boolean {
  return Object.entries(query).every(([key, condition]) => {
    if (key === '$and')
      return (condition as Record<string, unknown>[]).every((q) => matches(q, row));
    if (key === '$or') return (condition as Record<string, unknown>[]).some((q) => matches(q, row));
    const value = read(row, key);
    if (condition === null) return value === undefined;
    return Object.entries(condition as Record<string, unknown>).every(([op, operand]) => {
      const sameType = TYPE_RANK(value) === TYPE_RANK(operand);
      switch (op) {
        case '$eq':
          return sameType && bsonCompare(value, operand) === 0;
        case '$ne':
          return operand === null ? value !== undefined : !(sameType && value === operand);
        case '$gt':
          return sameType && bsonCompare(value, operand) > 0;
        case '$gte':
          return sameType && bsonCompare(value, operand) >= 0;
        case '$lt':
          return sameType && bsonCompare(value, operand) < 0;
        case '$type': {
          const alias = ['null', 'number', 'string', 'bool'][TYPE_RANK(value)];
          return value !== undefined && (operand as string[]).includes(alias as string);
        }
        default:
          throw new Error(`no model for ${op}`);
      }
    });
  });
}

describe('keyset queries over an index holding several types', () => {
  const values: (JsonScalar | undefined)[] = [
    undefined,
    -2,
    0,
    5,
    5,
    7.5,
    '5',
    'a',
    'b',
    'b',
    false,
    true,
    true,
    null,
  ];
  const rows: MongoRow[] = values.map((v, i) => ({
    _id: `r${String((i * 7) % values.length).padStart(2, '0')}`,
    ix: v === undefined || v === null ? {} : { rank: v },
  }));

  it.each(['asc', 'desc'] as const)(
    'selects exactly the rows after each cursor row in MongoDB order (%s)',
    (direction) => {
      const sort = normalizeSort(spec, [{ field: 'rank', direction }]);
      const ordered = [...rows].sort((x, y) => {
        const diff = bsonCompare(x.ix.rank, y.ix.rank);
        return (direction === 'asc' ? diff : -diff) || compareCodePoints(x._id, y._id);
      });
      ordered.forEach((row, position) => {
        const query = compileQuery(keysetPredicate(sort, [row.ix.rank ?? null, row._id]));
        const selected = ordered.filter((r) => matches(query, r)).map((r) => r._id);
        expect(selected, `after ${JSON.stringify(row)}`).toEqual(
          ordered.slice(position + 1).map((r) => r._id),
        );
      });
    },
  );

  it('builds the page after (5, id) as numbers above 5 or any string or boolean', () => {
    const sort = normalizeSort(spec, [{ field: 'rank', direction: 'asc' }]);
    expect(compileQuery(keysetPredicate(sort, [5, 'r03']))).toEqual({
      $and: [
        { $or: [{ 'ix.rank': { $gte: 5 } }, { 'ix.rank': { $type: ['string', 'bool'] } }] },
        {
          $or: [
            { $or: [{ 'ix.rank': { $gt: 5 } }, { 'ix.rank': { $type: ['string', 'bool'] } }] },
            { $and: [{ 'ix.rank': { $eq: 5 } }, { _id: { $gt: 'r03' } }] },
          ],
        },
      ],
    });
  });

  it('walks down from a boolean through strings and numbers, and never widens ids', () => {
    expect(compileAfter('rank', 'lt', true)).toEqual({
      $or: [{ 'ix.rank': { $lt: true } }, { 'ix.rank': { $type: ['number', 'string'] } }],
    });
    expect(compileAfter('rank', 'lt', -1)).toEqual({ 'ix.rank': { $lt: -1 } });
    expect(compileAfter('rank', 'gt', true)).toEqual({ 'ix.rank': { $gt: true } });
    expect(compileAfter('id', 'gt', 'r03')).toEqual({ _id: { $gt: 'r03' } });
  });
});
