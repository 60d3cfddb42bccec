import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { content } from './draft.fixtures.js';
import { mergeLanguage } from './merge-language.js';

describe('mergeLanguage', () => {
  it('puts one language’s texts in by id and keeps what it does not give', () => {
    const merged = mergeLanguage(content(), 'ium', {
      title: { ium: 'Titl\u0065\u0301' },
      chapters: [
        { id: 'ch1', articles: [{ id: 'a2', clauses: [{ id: 'a2c1', text: { ium: 'x' } }] }] },
      ],
    });
    expect(merged.title).toEqual({
      vi: 'Dự thảo Quyết định về giá dịch vụ',
      hmn: 'Daim ntawv txiav txim',
      ium: 'Titl\u00e9',
    });
    expect(merged.summary).toEqual({ vi: 'Tóm tắt' });
    expect(merged.chapters[0]!.articles[1]!.clauses[0]!.text).toEqual({
      vi: 'Cơ quan, tổ chức, cá nhân.',
      ium: 'x',
    });
    expect(merged.chapters[0]!.articles[0]!.clauses[0]!.text).not.toHaveProperty('ium');
  });

  it('reads only the language asked for, and anything that is not an object as nothing', () => {
    expect(mergeLanguage(content(), 'ium', { title: { hmn: 'other' } })).toEqual(content());
    for (const raw of [undefined, null, 'text', 5, [], { title: 'x', chapters: 'y' }])
      expect(mergeLanguage(content(), 'ium', raw)).toEqual(content());
  });

  it('names unknown ids and bad texts by the part, not the language', () => {
    const merge = () =>
      mergeLanguage(content(), 'ium', {
        title: { ium: 'x'.repeat(501) },
        chapters: [
          {
            id: 'ch9',
            title: { ium: 5 },
            articles: [{ id: 'a1', clauses: [{ id: 'nope', text: { ium: 'bad\u0000' } }] }],
          },
        ],
      });
    expect(merge).toThrow(InvalidArgumentError);
    expect(merge).toThrow(
      expect.objectContaining({
        violations: [
          { field: 'content.title', description: 'must be at most 500 characters (got 501)' },
          { field: 'content.chapters[0].id', description: 'no chapter ch9 in this draft' },
          { field: 'content.chapters[0].title', description: 'must be text' },
          {
            field: 'content.chapters[0].articles[0].clauses[0].id',
            description: 'no clause nope in this draft',
          },
          {
            field: 'content.chapters[0].articles[0].clauses[0].text',
            description: 'must not contain control characters',
          },
        ],
      }),
    );
  });
});
