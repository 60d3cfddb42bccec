import { BSON } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@pcn/platform';
import { resolveSpec } from './collection-spec.js';
import { documentJson } from './collection-spec.js';
import {
  assertStorable,
  containsLoneSurrogate,
  hasLoneSurrogate,
  MAX_DOCUMENT_BYTES,
  recordSize,
} from './document-rules.js';
import { toRecord } from './mongo.store.js';

const spec = resolveSpec({
  name: 'docs',
  indexes: [
    { name: 'title', path: 'title' },
    { name: 'tags', path: 'tags', multi: true },
  ],
});

const check = (doc: object) => () => assertStorable(spec, documentJson(doc));

describe('what the driver does with the input the store refuses', () => {
  it('turns a lone surrogate into U+FFFD when encoding BSON', () => {
    const bytes = BSON.serialize({ s: 'a\uD800b' });
    expect(BSON.deserialize(bytes).s).toBe('a\uFFFDb');
  });

  it('throws its own error, not InvalidArgumentError, on NUL in a key', () => {
    expect(() => BSON.serialize({ 'a\u0000b': 1 })).toThrow(/null bytes/);
  });
});

describe('assertStorable', () => {
  it('refuses lone surrogates anywhere, and nothing else that looks like one', () => {
    expect(check({ id: 'a', title: '\uD83D' })).toThrow(InvalidArgumentError);
    expect(check({ id: 'a', deep: [{ '\uDE00': 1 }] })).toThrow(InvalidArgumentError);
    expect(check({ id: '\uDBFF' })).toThrow(InvalidArgumentError);
    expect(check({ id: 'a', title: '😀 paired' })).not.toThrow();
    // A backslash followed by the text "ud800" is not a surrogate, however many backslashes.
    expect(check({ id: 'a', title: '\\ud800 \\\\ud800 \\\\\\ud800' })).not.toThrow();
    expect(check({ id: 'a', title: '\\\uD800' })).toThrow(InvalidArgumentError);
  });

  it('names the key holding NUL, and lets NUL in values and escaped text through', () => {
    let error: unknown;
    try {
      check({ id: 'a', meta: { list: [{ 'x\u0000': 1 }] } })();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).violations).toEqual([
      { field: 'meta.list[0].x\\u0000', description: 'a key must not contain the NUL character' },
    ]);
    expect(check({ id: 'a', title: 'x\u0000y', note: '\\u0000' })).not.toThrow();
  });

  it('measures the record MongoDB stores, at least as large as the real one', () => {
    const doc = { id: 'd1', title: 'Nghị định', tags: ['a', 'b', 'a'], body: { n: [1, 2.5] } };
    const clean = JSON.parse(documentJson(doc)) as typeof doc;
    const { record } = toRecord(spec, doc, 1);
    const real = BSON.calculateObjectSize(record);
    expect(recordSize(spec, clean)).toBeGreaterThanOrEqual(real);
    expect(recordSize(spec, clean) - real).toBeLessThanOrEqual(4);
  });

  it('refuses a record over 16 MiB, counting the index copies of its values', () => {
    // 9 MiB of title, stored twice (in the document and in its index).
    const title = 't'.repeat(9 * 1024 * 1024);
    expect(check({ id: 'a', title })).toThrow(/16 MiB/);
    expect(check({ id: 'a', body: title })).not.toThrow();
  });

  it('skips measuring only documents that cannot reach the limit', () => {
    // The worst JSON-to-BSON ratios (about 6:1), just under the unmeasured size: one-digit
    // numbers and empty arrays, each element also carrying its index as a key.
    const limit = Math.floor(MAX_DOCUMENT_BYTES / 20);
    for (const [element, width] of [
      [0, 2],
      [[], 3],
      [1e21, 6],
    ] as const) {
      const count = Math.floor(limit / width) - 10;
      const doc = { id: 'a', n: Array.from({ length: count }, () => element) };
      const json = documentJson(doc);
      expect(json.length).toBeLessThanOrEqual(limit);
      expect(recordSize(spec, JSON.parse(json) as object) * 2).toBeLessThan(MAX_DOCUMENT_BYTES);
    }
  });
});

describe('containsLoneSurrogate', () => {
  it('looks into arrays, objects and keys', () => {
    expect(containsLoneSurrogate({ $in: ['ok', ['x\uDC00']] })).toBe(true);
    expect(containsLoneSurrogate({ ['\uD800']: 1 })).toBe(true);
    expect(containsLoneSurrogate({ $in: ['ok', 1, null, true] })).toBe(false);
    expect(hasLoneSurrogate('🇻🇳')).toBe(false);
  });
});
