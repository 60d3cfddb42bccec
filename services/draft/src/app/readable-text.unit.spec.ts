import type { CallerIdentity } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { content } from './draft.fixtures.js';
import type { Draft, DraftVersion } from './draft.model.js';
import {
  diffLanguage,
  publishedArticles,
  publishedTitle,
  servedDraft,
  servedVersion,
} from './readable-text.js';

const editor: CallerIdentity = {
  kind: 'user',
  id: 'u1',
  roles: ['agency_editor'],
  organizationId: 'org-stp',
};
const otherEditor: CallerIdentity = { ...editor, id: 'u2', organizationId: 'org-syt' };
const admin: CallerIdentity = { kind: 'user', id: 'a1', roles: ['network_admin'] };
const partner: CallerIdentity = { kind: 'api-client', id: 'k1', roles: ['press_partner'] };

function draft(translations: Draft['translations']): Draft {
  const c = content();
  c.chapters[0]!.articles[0]!.clauses[0]!.text.hmn = 'UNAPPROVED';
  c.summary.pcc = 'approved pcc';
  return { agencyId: 'org-stp', translations, content: c } as Draft;
}

describe('readable text', () => {
  const d = draft({ vi: 'approved', hmn: 'draft', pcc: 'approved' });

  it('serves the public, partners and other agencies published texts only', () => {
    for (const caller of [undefined, partner, otherEditor]) {
      const served = servedDraft(caller, d);
      expect(served.readableLanguages).toEqual(['vi', 'pcc']);
      expect(JSON.stringify(served.content)).not.toContain('UNAPPROVED');
      expect(Object.keys(served.content.title)).toEqual(['vi']);
      expect(served.content.summary.pcc).toBe('approved pcc');
    }
  });

  it("serves the drafting agency's editors and admins translations in draft too", () => {
    for (const caller of [editor, admin]) {
      const served = servedDraft(caller, d);
      expect(served.readableLanguages).toEqual(['vi', 'hmn', 'pcc']);
      expect(JSON.stringify(served.content)).toContain('UNAPPROVED');
    }
  });

  it('puts only published titles in events and the search index', () => {
    expect(publishedTitle(d)).toEqual({ vi: 'Dự thảo Quyết định về giá dịch vụ' });
  });

  it('diffs in the first language readable in both versions, else vi, skipping unknown tags', () => {
    const version = (translations: Draft['translations']) =>
      servedVersion(undefined, 'org-stp', {
        content: content(),
        translations,
      } as DraftVersion);
    const v1 = version({ vi: 'approved', hmn: 'draft', pcc: 'approved' });
    const v2 = version({ vi: 'approved', hmn: 'approved', pcc: 'approved' });
    expect(diffLanguage(['hmn'], v1, v2)).toBe('vi');
    expect(diffLanguage(['hmn', 'pcc'], v1, v2)).toBe('pcc');
    expect(diffLanguage(['zz-ZZZZ-invalid', 'PCC'], v1, v2)).toBe('pcc');
    expect(diffLanguage(['zz-ZZZZ-invalid'], v1, v2)).toBe('vi');
    expect(diffLanguage(['hmn'], v2, v2)).toBe('hmn');
  });
});

describe('the articles events carry', () => {
  const texts = {
    a1: '1. Phạm vi điều chỉnh\n1. Quyết định này quy định giá dịch vụ.',
    a2: '2. Đối tượng áp dụng\n1. Cơ quan, tổ chức, cá nhân.',
  };
  const d: Pick<Draft, 'content' | 'translations'> = {
    translations: { vi: 'approved', hmn: 'draft' },
    content: content(),
  };

  it('carries no texts unless asked, and never an unapproved translation', () => {
    expect(publishedArticles(d)).toEqual([
      { id: 'a1', number: '1', heading: { vi: 'Phạm vi điều chỉnh' }, clauseIds: ['a1c1'] },
      { id: 'a2', number: '2', heading: { vi: 'Đối tượng áp dụng' }, clauseIds: ['a2c1'] },
    ]);
  });

  it('carries Vietnamese texts in reading order while the byte budget lasts', () => {
    const all = publishedArticles(d, { budgetBytes: 10_000 });
    expect(all.map((a) => a.text)).toEqual([texts.a1, texts.a2]);
    // Exactly the first text's bytes (Vietnamese letters take 2-3 bytes each): the second waits.
    const first = publishedArticles(d, { budgetBytes: Buffer.byteLength(texts.a1) });
    expect(first.map((a) => a.text)).toEqual([texts.a1, undefined]);
    // One byte short: the first does not fit, the second (shorter) still does.
    expect(Buffer.byteLength(texts.a2)).toBeLessThan(Buffer.byteLength(texts.a1) - 1);
    const second = publishedArticles(d, { budgetBytes: Buffer.byteLength(texts.a1) - 1 });
    expect(second.map((a) => a.text)).toEqual([undefined, texts.a2]);
  });

  it('carries only the named articles texts (a revision sends what it changed)', () => {
    const only = publishedArticles(d, { budgetBytes: 10_000, only: new Set(['a2']) });
    expect(only.map((a) => a.text)).toEqual([undefined, texts.a2]);
  });
});
