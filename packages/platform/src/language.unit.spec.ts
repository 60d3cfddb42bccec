import { describe, expect, it } from 'vitest';
import { canonicalLanguage, knownLanguage } from './language.js';

describe('canonicalLanguage', () => {
  it('canonicalises well-formed tags and refuses malformed ones', () => {
    expect(canonicalLanguage('HMN')).toBe('hmn');
    expect(canonicalLanguage('vi-vn')).toBe('vi-VN');
    expect(canonicalLanguage('en_US')).toBeUndefined();
    expect(canonicalLanguage('')).toBeUndefined();
  });
});

describe('knownLanguage', () => {
  it('accepts the languages PCN serves, canonicalised', () => {
    expect(knownLanguage('vi')).toBe('vi');
    expect(knownLanguage('HMN')).toBe('hmn');
    expect(knownLanguage('pcc')).toBe('pcc');
    expect(knownLanguage('ium')).toBe('ium');
    expect(knownLanguage('vi-vn')).toBe('vi-VN');
    expect(knownLanguage('hmn-Latn')).toBe('hmn-Latn');
  });

  it('refuses well-formed tags that name no known language, script or plain form', () => {
    expect(canonicalLanguage('zz-ZZZZ-invalid')).toBeDefined();
    expect(knownLanguage('zz-ZZZZ-invalid')).toBeUndefined();
    expect(knownLanguage('zz')).toBeUndefined();
    expect(knownLanguage('vi-Zzzz')).toBeUndefined();
    expect(knownLanguage('vi-VN-invalid')).toBeUndefined();
    expect(knownLanguage('vi-x-private')).toBeUndefined();
    expect(knownLanguage('en_US')).toBeUndefined();
  });
});
