import { InvalidArgumentError } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { openDraft } from './feedback.fixtures.js';
import type { FeedbackInput } from './feedback-input.js';
import {
  articleIdByNumber,
  draftByCode,
  draftCodeKey,
  resolveArticle,
} from './resolve-citations.js';

const input = (extra: Partial<FeedbackInput> = {}): FeedbackInput => ({
  draftId: 'draft-1',
  articleId: '',
  clauseId: '',
  stance: 'suggest_change',
  text: 'Đề nghị giảm phí',
  language: 'vi',
  channel: 'sms',
  submitter: { kind: 'citizen', externalRef: '', name: '', organizationName: '' },
  unitId: '',
  idempotencyKey: '',
  channelMessageId: 'm1',
  ...extra,
});

describe('citations: drafts by code, articles by number', () => {
  it('matches a code in any case and width, with look-alike dashes', () => {
    const key = draftCodeKey('QD-2026-01');
    for (const typed of ['qd-2026-01', ' Qd-2026-01 ', 'QD\u20132026\u201301', 'ＱＤ-2026-01'])
      expect(draftCodeKey(typed)).toBe(key);
    expect(draftCodeKey('QD-2026-02')).not.toBe(key);
  });

  it('finds an article by its printed number, leading zeros and case aside', () => {
    const draft = openDraft({
      articles: [
        { id: 'a5', number: '5', heading: {}, clauseIds: [] },
        { id: 'a12a', number: '12a', heading: {}, clauseIds: [] },
      ],
    });
    expect(articleIdByNumber(draft, '5')).toBe('a5');
    expect(articleIdByNumber(draft, '05')).toBe('a5');
    expect(articleIdByNumber(draft, '12A')).toBe('a12a');
    expect(articleIdByNumber(draft, '6')).toBeUndefined();
  });

  it('puts the id in the input, or names articleNumber with the numbers there are', () => {
    const draft = openDraft();
    expect(resolveArticle(input({ articleNumber: '2' }), draft).input.articleId).toBe('a2');
    const missing = resolveArticle(input({ articleNumber: '9' }), draft, 'items[3]');
    expect(missing.violation).toEqual({
      field: 'items[3].articleNumber',
      description: 'is not an article of the version in consultation (it has 1, 2)',
    });
    // An id given with a number wins; no number, nothing to do.
    expect(
      resolveArticle(input({ articleId: 'a1', articleNumber: '2' }), draft).input.articleId,
    ).toBe('a1');
    expect(resolveArticle(input(), draft).violation).toBeUndefined();
  });

  it('refuses an unknown code naming the field', () => {
    expect(() => draftByCode(null, 'XX-1', 'draftCode')).toThrow(InvalidArgumentError);
    try {
      draftByCode(null, 'XX-1', 'draftCode');
    } catch (err) {
      expect((err as InvalidArgumentError).violations[0]?.field).toBe('draftCode');
    }
    const draft = openDraft();
    expect(draftByCode(draft, 'QD-2026-01', 'draftCode')).toBe(draft);
  });
});
