import { describe, expect, it } from 'vitest';
import { resolveSpec } from './collection-spec.js';
import { compileFilter } from './filter.js';
import { keysetPredicate } from './keyset.js';
import { compileQuery, compileSort } from './mongo.query.js';

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
