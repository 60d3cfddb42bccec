import { describe, expect, it } from 'vitest';
import type { Template } from '../notification.model.js';
import { pickTemplate, renderTemplate, templateId } from './template-render.js';
import { compileTemplate } from './template-syntax.js';

describe('rendering', () => {
  const compiled = compileTemplate({
    subject: 'Góp ý: {{title}}',
    body: 'Dự thảo "{{title}}" & {{code}}\nXem: {{draftUrl}}\n\nTrân trọng',
  });
  const hostile = {
    title: '<script>alert("x")</script>\nBcc: a@b.c',
    code: "A&B'",
    draftUrl: 'https://pcn.example.vn/d/1?a=1&b=2',
  };

  it('escapes every substituted value in the HTML part, and nothing in the text part', () => {
    expect(renderTemplate(compiled, hostile, 'email')).toEqual({
      subject: 'Góp ý: <script>alert("x")</script> Bcc: a@b.c',
      text: 'Dự thảo "<script>alert("x")</script>\nBcc: a@b.c" & A&B\'\nXem: https://pcn.example.vn/d/1?a=1&b=2\n\nTrân trọng',
      html:
        '<p>Dự thảo &quot;&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;<br>\n' +
        'Bcc: a@b.c&quot; &amp; A&amp;B&#39;<br>\n' +
        'Xem: <a href="https://pcn.example.vn/d/1?a=1&amp;b=2">https://pcn.example.vn/d/1?a=1&amp;b=2</a></p>\n' +
        '<p>Trân trọng</p>',
    });
  });

  it('does not link a value that is not a whole http(s) URL', () => {
    const out = renderTemplate(
      compileTemplate({ subject: '', body: '{{u}}' }),
      { u: 'javascript:alert(1)' },
      'email',
    );
    expect(out.html).toBe('<p>javascript:alert(1)</p>');
  });

  it('gives other channels plain text only', () => {
    expect(renderTemplate(compiled, { title: 'T', code: 'C', draftUrl: 'u' }, 'sms')).toEqual({
      subject: 'Góp ý: T',
      text: 'Dự thảo "T" & C\nXem: u\n\nTrân trọng',
    });
  });
});

describe('picking a template', () => {
  const type = 'pcn.draft.v1.ConsultationOpened';
  const make = (language: string): Template => ({
    id: templateId(type, 'sms', language),
    eventType: type,
    channel: 'sms',
    language,
    subject: '',
    body: language,
    updatedAt: '2026-01-01T00:00:00Z',
    updatedBy: 'system',
  });
  const map = new Map([make('vi'), make('hmn')].map((t) => [t.id, t]));

  it('prefers the exact language, then its base language, then Vietnamese', () => {
    expect(pickTemplate(map, type, 'sms', 'hmn')).toEqual({
      template: make('hmn'),
      language: 'hmn',
      fallback: false,
    });
    expect(pickTemplate(map, type, 'sms', 'hmn-Latn')).toMatchObject({
      language: 'hmn',
      fallback: true,
    });
    expect(pickTemplate(map, type, 'sms', 'HMN')).toMatchObject({
      language: 'hmn',
      fallback: false,
    });
    expect(pickTemplate(map, type, 'sms', 'dao')).toMatchObject({ language: 'vi', fallback: true });
    expect(pickTemplate(map, type, 'sms', '!!')).toMatchObject({ language: 'vi', fallback: true });
  });

  it('falls from hmn to vi when Hmong is missing, and gives null without Vietnamese', () => {
    const viOnly = new Map([[make('vi').id, make('vi')]]);
    expect(pickTemplate(viOnly, type, 'sms', 'hmn')).toMatchObject({
      language: 'vi',
      fallback: true,
    });
    expect(pickTemplate(viOnly, type, 'email', 'vi')).toBeNull();
    expect(pickTemplate(new Map(), type, 'sms', 'hmn')).toBeNull();
  });

  it('accepts a lookup function and asks it in fallback order', () => {
    const asked: string[] = [];
    const picked = pickTemplate(
      (_e, _c, language) => {
        asked.push(language);
        return language === 'vi' ? make('vi') : undefined;
      },
      type,
      'sms',
      'hmn-Latn-VN',
    );
    expect(asked).toEqual(['hmn-Latn-VN', 'hmn-Latn', 'hmn', 'vi']);
    expect(picked?.language).toBe('vi');
  });
});
