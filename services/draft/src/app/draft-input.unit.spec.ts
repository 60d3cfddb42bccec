import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import {
  canonicalLanguage,
  checkAttachments,
  checkContent,
  Checker,
  contentLanguages,
  LIMITS,
} from './draft-input.js';
import { content } from './draft.fixtures.js';

function violations(fn: (c: Checker) => void) {
  const c = new Checker();
  fn(c);
  return c.violations;
}

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
    const c = new Checker();
    const checked = checkContent(c, input);
    expect(c.violations).toEqual([]);
    expect(Object.keys(checked.title)).toEqual(['vi', 'hmn']);
    expect([...contentLanguages(checked)].sort()).toEqual(['hmn', 'vi']);
  });

  it('names every bad field: missing vi, oversized title, bad tag, duplicate ids, control characters', () => {
    const input = content({ title: { en: 'x'.repeat(LIMITS.title + 1), 'not a tag!': 'y' } });
    input.chapters[0]!.articles[1]!.id = 'a1';
    input.chapters[0]!.articles[0]!.clauses[0]!.text.vi = 'bad\u0000text';
    const fields = violations((c) => checkContent(c, input)).map((v) => v.field);
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
    const c = new Checker();
    const checked = checkContent(c, input);
    expect(c.violations.map((v) => v.field)).toEqual(['content.title.zz-ZZZZ-invalid']);
    expect(Object.keys(checked.title)).toEqual(['vi', 'hmn']);
  });

  it('refuses non-objects and oversized lists without walking them', () => {
    expect(violations((c) => checkContent(c, 'hello')).map((v) => v.field)).toContain(
      'content.title.vi',
    );
    const huge = {
      ...content(),
      chapters: Array.from({ length: LIMITS.chapters + 1 }, () => ({})),
    };
    expect(violations((c) => checkContent(c, huge))).toEqual([
      {
        field: 'content.chapters',
        description: `must have at most ${LIMITS.chapters} items (got ${LIMITS.chapters + 1})`,
      },
    ]);
  });

  it('checks attachments: https only, checksums, sizes', () => {
    const v = violations((c) =>
      checkAttachments(c, [
        { name: 'du-thao.pdf', mediaType: 'pdf', sizeBytes: -1, sha256: 'abc', url: 'http://x' },
      ]),
    );
    expect(v.map((x) => x.field)).toEqual([
      'attachments[0].sizeBytes',
      'attachments[0].url',
      'attachments[0].mediaType',
      'attachments[0].sha256',
    ]);
  });

  it('throws all violations as one InvalidArgumentError', () => {
    const c = new Checker();
    c.fail('a', 'x');
    c.fail('b', 'y');
    expect(() => c.throwIfAny()).toThrow(InvalidArgumentError);
  });
});
