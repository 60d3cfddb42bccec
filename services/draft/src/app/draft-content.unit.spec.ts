import { describe, expect, it } from 'vitest';
import * as helpers from './draft-content.js';
import { article, chapter, content } from './draft.fixtures.js';

describe('content helpers', () => {
  it('lists the languages with any text, anywhere in the content', () => {
    const withIum = content({ chapters: [chapter([article('1', 'Phạm vi', 'Nội dung', 'ium')])] });
    expect([...helpers.contentLanguages(withIum)].sort()).toEqual(['hmn', 'ium', 'vi']);
  });

  it('starts new translations as drafts and keeps the state of known ones', () => {
    expect(helpers.translationsFor(content(), { hmn: 'approved', ium: 'approved' })).toEqual({
      vi: 'approved',
      hmn: 'approved',
    });
    expect(helpers.translationsFor(content())).toEqual({ vi: 'approved', hmn: 'draft' });
  });

  it('sends approved translations back to draft, never vi', () => {
    expect(helpers.staleTranslations({ vi: 'approved', hmn: 'approved', ium: 'missing' })).toEqual({
      vi: 'approved',
      hmn: 'draft',
      ium: 'missing',
    });
  });

  it('compares in one language: other languages do not count', () => {
    const other = content({ title: { vi: 'Dự thảo Quyết định về giá dịch vụ', hmn: 'Lwm yam' } });
    expect(helpers.textsIn(other, 'vi')).toEqual(helpers.textsIn(content(), 'vi'));
    expect(helpers.textsIn(other, 'hmn')).not.toEqual(helpers.textsIn(content(), 'hmn'));
  });

  it('removes one language, and names the parts a translation still lacks', () => {
    const noHmn = helpers.withoutLanguage(content(), 'hmn');
    expect(noHmn.title).toEqual({ vi: 'Dự thảo Quyết định về giá dịch vụ' });
    expect(helpers.untranslated(content(), 'hmn')).toEqual([
      'summary',
      'chapter ch1',
      'article a1',
      'clause a1c1',
      'article a2',
      'clause a2c1',
    ]);
  });
});
