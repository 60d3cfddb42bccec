import { describe, expect, it } from 'vitest';
import { foldTitle, searchWords, titleQueryWords } from './title-words.js';

describe('title words', () => {
  it('folds Vietnamese: NFD, marks removed, đ to d, lower case', () => {
    expect(foldTitle('Hoà HÒA Đà Nẵng giá')).toBe('hoa hoa da nang gia');
    expect(searchWords('Giá nước, giá NƯỚC!')).toEqual(['gia', 'nuoc']);
  });

  it('takes a query of 1-4 words of at most 40 characters, and nothing else', () => {
    expect(titleQueryWords('q', '  Giá  nước-sạch ')).toEqual({
      words: ['gia', 'nuoc', 'sach'],
      violations: [],
    });
    for (const q of ['!!!', '— … “”', 'a b c d e', 'x'.repeat(41), 'y'.repeat(201)]) {
      const { words, violations } = titleQueryWords('q', q);
      expect(words, q).toEqual([]);
      expect(violations.map((v) => v.field)).toContain('q');
    }
  });
});
