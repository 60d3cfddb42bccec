import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@pcn/platform';
import {
  assertDocument,
  documentJson,
  firstDuplicate,
  MAX_MULTI_VALUES,
  readIndexValue,
  readMultiValues,
  readPath,
  resolveSpec,
} from './collection-spec.js';

describe('resolveSpec', () => {
  it('resolves indexes and caches per spec object', () => {
    const spec = {
      name: 'drafts',
      indexes: [{ name: 'closes_at', path: 'window.closesAt', unique: true }],
    };
    const resolved = resolveSpec(spec);
    expect(resolved.byName.get('closes_at')).toEqual({
      name: 'closes_at',
      path: 'window.closesAt',
      segments: ['window', 'closesAt'],
      unique: true,
      multi: false,
    });
    expect(resolveSpec(spec)).toBe(resolved);
  });

  it('splits scalar and multi-valued indexes and signs the difference', () => {
    const multi = resolveSpec({
      name: 'drafts',
      indexes: [
        { name: 'status', path: 'status' },
        { name: 'units', path: 'target.unitIds', multi: true },
      ],
    });
    expect(multi.scalarIndexes.map((i) => i.name)).toEqual(['status']);
    expect(multi.multiIndexes.map((i) => i.name)).toEqual(['units']);
    expect(multi.byName.get('units')?.multi).toBe(true);
    const scalar = resolveSpec({
      name: 'drafts',
      indexes: [
        { name: 'status', path: 'status' },
        { name: 'units', path: 'target.unitIds' },
      ],
    });
    expect(scalar.signature).not.toBe(multi.signature);
  });

  it('gives the same signature whatever the index order', () => {
    const a = { name: 'x', path: 'a' };
    const b = { name: 'y', path: 'b' };
    expect(resolveSpec({ name: 'c', indexes: [a, b] }).signature).toBe(
      resolveSpec({ name: 'c', indexes: [b, a] }).signature,
    );
  });

  it.each([
    [{ name: 'Drafts', indexes: [] }],
    [{ name: 'pcn_outbox', indexes: [] }],
    [{ name: 'sqlite_master', indexes: [] }],
    [{ name: 'drafts; drop', indexes: [] }],
    [{ name: 'drafts', indexes: [{ name: 'id', path: 'id' }] }],
    [{ name: 'drafts', indexes: [{ name: 'Status', path: 'status' }] }],
    [
      {
        name: 'drafts',
        indexes: [
          { name: 'a', path: 'a' },
          { name: 'a', path: 'b' },
        ],
      },
    ],
    [{ name: 'drafts', indexes: [{ name: 'a', path: "a'b" }] }],
    [{ name: 'drafts', indexes: [{ name: 'a', path: 'a..b' }] }],
    [{ name: 'drafts', indexes: [{ name: 'a', path: 'items.0' }] }],
    [{ name: 'drafts', indexes: [{ name: 'v', path: 'version' }] }],
    [{ name: 'drafts', indexes: [{ name: 'u', path: 'u', multi: true, unique: true }] }],
    [
      {
        name: 'drafts',
        indexes: [
          { name: 'u', path: 'u', multi: true },
          { name: 'm_u', path: 'x' },
        ],
      },
    ],
    [
      {
        name: 'drafts',
        indexes: [
          { name: 'u', path: 'u', multi: true },
          { name: 'm_u__by_value', path: 'x' },
        ],
      },
    ],
  ])('rejects %j', (spec) => {
    expect(() => resolveSpec(spec)).toThrow();
  });
});

describe('readPath and readIndexValue', () => {
  const index = (path: string) =>
    resolveSpec({ name: 't', indexes: [{ name: 'i', path }] }).indexes[0]!;

  it('reads dotted paths, missing steps as undefined', () => {
    const doc = { a: { b: { c: 1 } }, list: [{ x: 1 }] };
    expect(readPath(doc, ['a', 'b', 'c'])).toBe(1);
    expect(readPath(doc, ['a', 'x', 'c'])).toBeUndefined();
    expect(readPath(doc, ['list', 'x'])).toBeUndefined();
    expect(readPath(doc, ['toString'])).toBeUndefined();
    expect(readPath(null, ['a'])).toBeUndefined();
  });

  it('indexes scalars and null as JSON would', () => {
    expect(readIndexValue({ s: 'x' }, index('s'))).toBe('x');
    expect(readIndexValue({ s: false }, index('s'))).toBe(false);
    expect(readIndexValue({}, index('s'))).toBeNull();
    expect(readIndexValue({ s: undefined }, index('s'))).toBeNull();
    expect(readIndexValue({ s: Number.NaN }, index('s'))).toBeNull();
    expect(Object.is(readIndexValue({ s: -0 }, index('s')), 0)).toBe(true);
  });

  it('refuses objects and arrays at an indexed path', () => {
    expect(() => readIndexValue({ s: { a: 1 } }, index('s'))).toThrow(InvalidArgumentError);
    expect(() => readIndexValue({ s: [1] }, index('s'))).toThrow(InvalidArgumentError);
  });
});

describe('readMultiValues', () => {
  const index = resolveSpec({
    name: 't',
    indexes: [{ name: 'units', path: 'target.unitIds', multi: true }],
  }).indexes[0]!;
  const read = (value: unknown) => readMultiValues({ target: { unitIds: value } }, index);
  const fieldOf = (value: unknown): string | undefined => {
    try {
      read(value);
    } catch (err) {
      expect(err).toBeInstanceOf(InvalidArgumentError);
      return (err as InvalidArgumentError).violations[0]?.field;
    }
    return undefined;
  };

  it('reads distinct strings and numbers in order, null and missing as empty', () => {
    expect(read(['/hn/1/', 3, '/hn/1/', 2.5, '3', 3])).toEqual(['/hn/1/', 3, 2.5, '3']);
    expect(read([])).toEqual([]);
    expect(read(null)).toEqual([]);
    expect(readMultiValues({}, index)).toEqual([]);
    expect(readMultiValues({ target: 'x' }, index)).toEqual([]);
    expect(Object.is(read([-0])[0], 0)).toBe(true);
    expect(read(['', 'Hmoob 𖬀', "it's"])).toEqual(['', 'Hmoob 𖬀', "it's"]);
  });

  it('rejects anything but an array of strings and finite numbers, naming the path', () => {
    for (const bad of [
      'u1',
      1,
      true,
      { 0: 'u1' },
      [{ id: 'u1' }],
      [['u1']],
      [true],
      [null],
      ['u1', undefined],
      [Number.NaN],
      [Number.POSITIVE_INFINITY],
      // A hole, which JSON would write as null.
      // eslint-disable-next-line no-sparse-arrays
      ['u1', , 'u2'],
    ]) {
      expect(fieldOf(bad), JSON.stringify(bad)).toBe('target.unitIds');
    }
  });

  it('bounds the number of elements', () => {
    expect(read(Array.from({ length: MAX_MULTI_VALUES }, (_, i) => i))).toHaveLength(
      MAX_MULTI_VALUES,
    );
    expect(fieldOf(Array.from({ length: MAX_MULTI_VALUES + 1 }, (_, i) => i))).toBe(
      'target.unitIds',
    );
  });
});

describe('documents', () => {
  it('requires an object with a non-empty string id', () => {
    expect(() => assertDocument({ id: 'a' })).not.toThrow();
    for (const bad of [null, [], 'a', { id: '' }, { id: 1 }, {}]) {
      expect(() => assertDocument(bad)).toThrow(InvalidArgumentError);
    }
  });

  it('serialises without the store-owned version', () => {
    expect(JSON.parse(documentJson({ id: 'a', version: 3, x: undefined, y: 1 }))).toEqual({
      id: 'a',
      y: 1,
    });
  });

  it('finds the first duplicate', () => {
    expect(firstDuplicate(['a', 'b', 'a'])).toBe('a');
    expect(firstDuplicate([1, 2, 3])).toBeUndefined();
  });
});
