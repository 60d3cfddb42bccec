import type { CallerIdentity } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { content } from './draft.fixtures.js';
import type { Draft, DraftVersion } from './draft.model.js';
import { diffLanguage, publishedTitle, servedDraft, servedVersion } from './readable-text.js';

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
