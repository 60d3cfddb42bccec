import { describe, expect, it } from 'vitest';
import { resolveSpec } from './collection-spec.js';
import { compileFilter } from './filter.js';
import { keysetPredicate } from './keyset.js';
import { compileQuery, compileSort, prefixRegex } from './mongo.query.js';

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
