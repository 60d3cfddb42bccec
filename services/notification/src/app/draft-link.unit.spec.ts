import { describe, expect, it } from 'vitest';
import { draftLink, isDraftUrlTemplate } from './draft-link.js';

const base = 'http://127.0.0.1:4000';

describe('links to a draft in messages', () => {
  it("are the gateway's own draft page without a template", () => {
    expect(draftLink(undefined, base, { id: 'd-1', code: 'QD-1' })).toBe(
      'http://127.0.0.1:4000/drafts/d-1',
    );
  });

  it('follow the portal template, by id or by code, encoded', () => {
    expect(
      draftLink('https://laocai.gov.vn/du-thao/{code}?ref={draftId}', base, {
        id: 'd 1',
        code: 'QĐ/2026&x',
      }),
    ).toBe('https://laocai.gov.vn/du-thao/Q%C4%90%2F2026%26x?ref=d%201');
  });

  it("fall back to the gateway's page when the template names a code the message does not know", () => {
    expect(draftLink('https://portal.vn/{code}', base, { id: 'd-1' })).toBe(
      'http://127.0.0.1:4000/drafts/d-1',
    );
    expect(draftLink('https://portal.vn/{code}', base, { id: 'd-1', code: '' })).toBe(
      'http://127.0.0.1:4000/drafts/d-1',
    );
  });

  it.each([
    ['https://portal.vn/du-thao/{draftId}', true],
    ['https://portal.vn/{code}', true],
    ['https://portal.vn/du-thao', false],
    ['https://portal.vn/{id}', false],
    ['https://portal.vn/{draftId}/{oops}', false],
    ['javascript:alert(1)//{draftId}', false],
    ['ftp://portal.vn/{draftId}', false],
    ['not a url {draftId}', false],
    ['', false],
  ])('template %j is accepted: %s', (template, ok) => {
    expect(isDraftUrlTemplate(template)).toBe(ok);
  });
});
