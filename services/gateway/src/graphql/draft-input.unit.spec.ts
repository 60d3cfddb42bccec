import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { contentToPb } from './draft-input.js';

const text = (lang: string, t: string) => ({ lang, text: t });

describe('contentToPb', () => {
  it('turns lists of {lang, text} into maps', () => {
    expect(
      contentToPb({ title: [text('vi', 'Dự thảo'), text('hmn', 'Daim ntawv')], summary: [] }),
    ).toEqual({ title: { vi: 'Dự thảo', hmn: 'Daim ntawv' }, summary: {}, chapters: [] });
  });

  it('refuses a language given twice, naming where', () => {
    expect(() => contentToPb({ title: [text('vi', 'a'), text('vi', 'b')], summary: [] })).toThrow(
      expect.objectContaining({
        violations: [{ field: 'input.content.title.vi', description: 'is given twice' }],
      }) as Error,
    );
  });

  it('refuses __proto__ as a language instead of losing its text', () => {
    let caught: unknown;
    try {
      contentToPb({
        title: [text('vi', 'Dự thảo')],
        summary: [text('__proto__', 'polluted')],
        chapters: [
          {
            id: 'ch1',
            number: 'I',
            title: [text('__proto__', 'x')],
            articles: [],
          },
        ],
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(InvalidArgumentError);
    expect((caught as InvalidArgumentError).violations).toEqual([
      { field: 'input.content.summary.lang', description: 'is not a language tag' },
      { field: 'input.content.chapters[0].title.lang', description: 'is not a language tag' },
    ]);
  });
});
