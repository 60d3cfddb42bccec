import { describe, expect, it } from 'vitest';
import { exactKey, foldedSyllables, foldText } from './fold-text.js';

describe('folding for exact duplicates', () => {
  it('makes old and new tone placement and SMS text without diacritics equal', () => {
    const nfc = 'ho\u00e0'; // hoà, tone on the a
    const nfd = 'hoa\u0300';
    const newStyle = 'h\u00f2a'; // hòa, tone on the o
    expect(nfc.normalize('NFC')).not.toBe(newStyle.normalize('NFC'));
    expect(new Set([foldText(nfc), foldText(nfd), foldText(newStyle), foldText('hoa')])).toEqual(
      new Set(['hoa']),
    );
    expect(exactKey('Hòa bình')).toBe(exactKey('hoà  binh!'));
  });

  it('folds đ and Đ to d, lower-cases, and collapses punctuation, symbols and spaces', () => {
    expect(foldText('  ĐỀ NGHỊ: Đồng ý!!!\n\t—“dự   thảo”…  ')).toBe('de nghi dong y du thao');
    expect(foldText('a,b;c\u00a0d\u200be 😀 f')).toBe('a b c d e f');
    expect(foldedSyllables(foldText('Tôi là Lò Văn Tiến'))).toEqual([
      'toi',
      'la',
      'lo',
      'van',
      'tien',
    ]);
  });

  it('keeps Hmong RPA words apart and lower-cases them', () => {
    expect(foldText('Kuv POM ZOO nrog txoj cai no.')).toBe('kuv pom zoo nrog txoj cai no');
    expect(exactKey('Kuv pom zoo')).not.toBe(exactKey('Kuv tsis pom zoo'));
  });

  it('keeps the marks of scripts where a mark is a vowel', () => {
    // Thai: the vowel sign makes a different word; Tai Viet likewise.
    expect(foldText('กิน')).not.toBe(foldText('กน'));
    expect(foldText('ꪀꪱꪫ')).toBe('ꪀꪱꪫ');
    // Dotted capital I lower-cases with a mark, which goes.
    expect(foldText('İ')).toBe('i');
  });

  it('keys texts of symbols only on their symbols, never on an empty text', () => {
    expect(foldText('👍👍 !!')).toBe('');
    expect(exactKey('👍')).not.toBe(exactKey('👎'));
    expect(exactKey(' 👍 ')).toBe(exactKey('👍'));
    expect(exactKey('')).toBe(exactKey('   '));
    expect(exactKey('👍')).not.toBe(exactKey(''));
  });

  it('survives hostile text: stray marks, long runs, flags, lone surrogates', () => {
    expect(foldText('\u0301\u0301 x')).toBe('\u0301\u0301 x'.normalize('NFC'));
    expect(foldText('a'.repeat(10_000))).toHaveLength(10_000);
    expect(foldText('🇻🇳'.repeat(1000) + 'đ')).toBe('d');
    expect(() => exactKey('\ud800 broken \udfff')).not.toThrow();
    expect(exactKey('x')).toMatch(/^f1:[A-Za-z0-9_-]{43}$/);
  });
});
