import { describe, expect, it } from 'vitest';
import { resolveSpec } from './collection-spec.js';
import { normalizeSort } from './find-plan.js';
import { indexDefinitions, isCompanionName, servesSort } from './mongo.indexes.js';
import { compileSort } from './mongo.query.js';

const spec = resolveSpec({
  name: 'deliveries',
  indexes: [
    { name: 'created_at', path: 'createdAt' },
    { name: 'slug', path: 'slug', unique: true },
    { name: 'units', path: 'target.unitIds', multi: true },
  ],
});

const byName = (name: string) => {
  const index = spec.byName.get(name);
  if (!index) throw new Error(name);
  return index;
};

describe('indexDefinitions', () => {
  it('gives a non-unique index an ascending key and a descending companion, both ending in _id', () => {
    const defs = indexDefinitions(byName('created_at'));
    expect(defs.map((d) => [d.name, Object.entries(d.key)])).toEqual([
      [
        'created_at',
        [
          ['ix.created_at', 1],
          ['_id', 1],
        ],
      ],
      [
        'created_at-desc',
        [
          ['ix.created_at', -1],
          ['_id', 1],
        ],
      ],
    ]);
  });

  it('keeps a unique index partial and adds both sort companions', () => {
    const [unique, ...companions] = indexDefinitions(byName('slug'));
    expect(unique).toEqual({
      name: 'slug',
      key: { 'ix.slug': 1 },
      options: { unique: true, partialFilterExpression: { 'ix.slug': { $exists: true } } },
    });
    expect(companions.map((d) => d.name)).toEqual(['slug-sort', 'slug-desc']);
    expect(companions.every((d) => d.options.unique !== true)).toBe(true);
  });

  it('gives a multi index one multikey index and no companion', () => {
    expect(indexDefinitions(byName('units'))).toEqual([
      { name: 'units', key: { 'ix.units': 1, _id: 1 }, options: {} },
    ]);
  });

  it('serves every single-key sort the contract allows, ascending and descending', () => {
    const keys = spec.indexes.flatMap(indexDefinitions).map((d) => d.key);
    for (const index of spec.scalarIndexes) {
      for (const direction of ['asc', 'desc'] as const) {
        const sort = compileSort(normalizeSort(spec, [{ field: index.name, direction }]));
        expect(
          keys.some((key) => servesSort(key, sort)),
          `${index.name} ${direction}`,
        ).toBe(true);
      }
    }
  });

  it('names companions so that they cannot clash with a declared index', () => {
    const names = spec.indexes.flatMap(indexDefinitions).map((d) => d.name);
    expect(names.filter(isCompanionName)).toEqual(['created_at-desc', 'slug-sort', 'slug-desc']);
    expect(() => resolveSpec({ name: 'x', indexes: [{ name: 'a-desc', path: 'a' }] })).toThrow();
    expect(isCompanionName('status')).toBe(false);
    expect(isCompanionName('by_hand')).toBe(false);
  });
});

describe('servesSort', () => {
  it('accepts the key pattern or its exact reverse, and nothing with mixed directions', () => {
    const key = { 'ix.f': 1, _id: 1 };
    expect(servesSort(key, { 'ix.f': 1, _id: 1 })).toBe(true);
    expect(servesSort(key, { 'ix.f': -1, _id: -1 })).toBe(true);
    expect(servesSort(key, { 'ix.f': -1, _id: 1 })).toBe(false);
    expect(servesSort(key, { _id: 1 })).toBe(false);
    expect(servesSort({ 'ix.f': 1 }, { 'ix.f': 1, _id: 1 })).toBe(false);
  });
});
