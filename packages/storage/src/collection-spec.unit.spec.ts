import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@pcn/platform';
import {
  assertDocument,
  documentJson,
  firstDuplicate,
  readIndexValue,
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
    });
    expect(resolveSpec(spec)).toBe(resolved);
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
