import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { contentLanguages } from './draft-content.js';
import {
  attachmentsSchema,
  canonicalLanguage,
  draftContentSchema,
  LIMITS,
  parseDraftInput,
} from './draft-input.js';
import { content } from './draft.fixtures.js';

/** What parsing `value` under `field` gives: the value, or the violations it throws. */
function parse<S extends z.ZodType>(schema: S, value: unknown, field: string) {
  try {
    return { checked: parseDraftInput(schema, value, field), violations: [] as FieldViolation[] };
  } catch (err) {
    if (!(err instanceof InvalidArgumentError)) throw err;
    return { checked: undefined, violations: [...err.violations] };
  }
}

const contentViolations = (value: unknown) =>
  parse(draftContentSchema, value, 'content').violations;

describe('language tags', () => {
  it('accepts well-formed BCP 47 tags without a fixed list, in canonical form', () => {
    for (const [tag, canonical] of [
      ['vi', 'vi'],
      ['hmn', 'hmn'],
      ['ium', 'ium'],
      ['pcc', 'pcc'],
      ['blt', 'blt'],
      ['VI-vn', 'vi-VN'],
      ['hmn-Latn', 'hmn-Latn'],
    ])
      expect(canonicalLanguage(tag ?? '')).toBe(canonical);
  });

  it('refuses malformed tags', () => {
    for (const tag of ['', 'v', 'vi_VN', 'x'.repeat(40), 'vi--VN', '12', 'vi; DROP TABLE', 'tiếng'])
      expect(canonicalLanguage(tag)).toBeUndefined();
  });
});

describe('draft content', () => {
  it('accepts a well-formed draft and normalises language tags', () => {
    const input = { ...content(), title: { VI: 'Dự thảo', HMN: 'Daim ntawv' } };
    const { checked, violations } = parse(draftContentSchema, input, 'content');
    expect(violations).toEqual([]);
    expect(Object.keys(checked!.title)).toEqual(['vi', 'hmn']);
    expect([...contentLanguages(checked!)].sort()).toEqual(['hmn', 'vi']);
  });

  it('names every bad field: missing vi, oversized title, bad tag, duplicate ids, control characters', () => {
    const input = content({ title: { en: 'x'.repeat(LIMITS.title + 1), 'not a tag!': 'y' } });
    input.chapters[0]!.articles[1]!.id = 'a1';
    input.chapters[0]!.articles[0]!.clauses[0]!.text.vi = 'bad\u0000text';
    const fields = contentViolations(input).map((v) => v.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'content.title.en',
        'content.title.not a tag!',
        'content.title.vi',
        'content.chapters[0].articles[1].id',
        'content.chapters[0].articles[0].clauses[0].text.vi',
      ]),
    );
  });

  it('refuses well-formed tags that name no language PCN can hold text in', () => {
    const input = content({ title: { vi: 'Dự thảo', 'zz-ZZZZ-invalid': 'x', hmn: 'Daim' } });
    expect(contentViolations(input).map((v) => v.field)).toEqual(['content.title.zz-ZZZZ-invalid']);
    // The other tags stand: without the unknown one the same content is kept as vi and hmn.
    const { 'zz-ZZZZ-invalid': _unknown, ...known } = input.title;
    const { checked } = parse(draftContentSchema, { ...input, title: known }, 'content');
    expect(Object.keys(checked!.title)).toEqual(['vi', 'hmn']);
  });

  it('refuses non-objects and oversized lists without walking them', () => {
    expect(contentViolations('hello').map((v) => v.field)).toContain('content.title.vi');
    const huge = {
      ...content(),
      chapters: Array.from({ length: LIMITS.chapters + 1 }, () => ({})),
    };
    expect(contentViolations(huge)).toEqual([
      {
        field: 'content.chapters',
        description: `must have at most ${LIMITS.chapters} items (got ${LIMITS.chapters + 1})`,
      },
    ]);
  });

  it('checks attachments: https only, checksums, sizes', () => {
    const v = parse(
      attachmentsSchema,
      [{ name: 'du-thao.pdf', mediaType: 'pdf', sizeBytes: -1, sha256: 'abc', url: 'http://x' }],
      'attachments',
    ).violations;
    expect(v.map((x) => x.field)).toEqual([
      'attachments[0].sizeBytes',
      'attachments[0].url',
      'attachments[0].mediaType',
      'attachments[0].sha256',
    ]);
  });

  it('throws all violations as one InvalidArgumentError', () => {
    const input = content({ title: { en: 'x' } });
    input.chapters[0]!.id = 'not an id!';
    expect(() => parseDraftInput(draftContentSchema, input, 'content')).toThrow(
      InvalidArgumentError,
    );
    expect(contentViolations(input).map((v) => v.field)).toEqual([
      'content.title.vi',
      'content.chapters[0].id',
    ]);
  });

  it('stops reading a hostile document once no further violation could be shown', () => {
    const hostile = {
      ...content(),
      chapters: Array.from({ length: LIMITS.chapters }, (_, i) => ({
        id: `ch${i}`,
        number: '1',
        title: { vi: 'Chương' },
        articles: Array.from({ length: LIMITS.articles }, () => ({})),
      })),
    };
    const started = performance.now();
    const violations = contentViolations(hostile);
    expect(violations).toHaveLength(100);
    expect(violations[0]).toEqual({
      field: 'content.chapters[0].articles[0].id',
      description: 'must be an id: letters, digits, _ . : - (at most 64)',
    });
    // 400,000 articles read one by one took seconds and gigabytes; the first 100 violations do not.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reports too many articles across chapters, with the other violations', () => {
    const many = (prefix: string) =>
      Array.from({ length: 1001 }, (_, i) => ({
        id: `${prefix}${i}`,
        number: '1',
        title: { vi: 'Điều' },
        clauses: [],
      }));
    const input = {
      ...content({ title: {} }),
      chapters: [
        { id: 'c1', number: 'I', title: { vi: 'Một' }, articles: many('x') },
        { id: 'c2', number: 'II', title: { vi: 'Hai' }, articles: many('y') },
      ],
    };
    expect(contentViolations(input)).toEqual([
      { field: 'content.title.vi', description: 'is required: Vietnamese is always present' },
      { field: 'content.chapters', description: `must hold at most ${LIMITS.articles} articles` },
    ]);
  });
});
