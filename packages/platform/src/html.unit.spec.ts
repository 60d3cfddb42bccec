import { describe, expect, it } from 'vitest';
import { escapeHtml } from './html.js';

describe('escapeHtml', () => {
  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('leaves Vietnamese and minority-language text as it is', () => {
    expect(escapeHtml('Dự thảo Quyết định — Hmoob: Tsab cai')).toBe(
      'Dự thảo Quyết định — Hmoob: Tsab cai',
    );
  });
});
