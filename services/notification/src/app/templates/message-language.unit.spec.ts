import { describe, expect, it } from 'vitest';
import type { Channel, Template } from '../notification.model.js';
import { pickMessageTemplate } from './message-language.js';
import { renderTemplate, templateId } from './template-render.js';
import { compileTemplate } from './template-syntax.js';
import { buildVariables, localizedTexts } from './template-variables.js';

const type = 'pcn.draft.v1.ConsultationClosed';

function template(channel: Channel, language: string, body: string): Template {
  return {
    id: templateId(type, channel, language),
    eventType: type,
    channel,
    language,
    subject: '',
    body,
    updatedAt: '2026-01-01T00:00:00Z',
    updatedBy: 'system',
  };
}

const templates = new Map(
  [
    template('webhook', 'vi', 'Kết thúc lấy ý kiến "{{title}}"'),
    template('webhook', 'hmn', 'Kaw sau tswv yim "{{title}}"'),
    // Only a code, no text per language: any language can carry it.
    template('sms', 'vi', 'Kết thúc {{code}}'),
    template('sms', 'hmn', 'Kaw {{code}}'),
    template('email', 'vi', 'Kết thúc lấy ý kiến "{{title}}"'),
  ].map((t) => [t.id, t]),
);

function closed(title: Record<string, string>) {
  return {
    draftId: 'd1',
    code: '12/TTr',
    title,
    closedAt: '2026-04-01T10:00:00Z',
    closedBy: 'schedule',
  };
}

/** What a recipient of `language` reads, and in which language, as the composer renders it. */
function message(channel: Channel, language: string, data: ReturnType<typeof closed>) {
  const picked = pickMessageTemplate(
    templates,
    compileTemplate,
    type,
    channel,
    language,
    localizedTexts(type, data),
  );
  if (!picked) throw new Error('no template');
  const variables = buildVariables(type, data, {
    language: picked.language,
    recipientLanguage: language,
    draftUrl: null,
    unsubscribeUrl: 'https://pcn.example.vn/u/x',
  });
  return {
    language: picked.language,
    text: renderTemplate(compileTemplate(picked.template), variables, channel).text,
  };
}

describe('the language of a message', () => {
  const both = closed({ vi: 'Dự thảo A', hmn: 'Daim A' });
  const viOnly = closed({ vi: 'Dự thảo A' });

  it('is the recipient’s when the template and every inserted text exist in it', () => {
    expect(message('webhook', 'hmn', both)).toEqual({
      language: 'hmn',
      text: 'Kaw sau tswv yim "Daim A"',
    });
    expect(message('webhook', 'hmn-Latn', both)).toEqual({
      language: 'hmn',
      text: 'Kaw sau tswv yim "Daim A"',
    });
  });

  it('falls back as a whole when the template is missing: the Vietnamese title goes with it', () => {
    expect(message('email', 'hmn', both)).toEqual({
      language: 'vi',
      text: 'Kết thúc lấy ý kiến "Dự thảo A"',
    });
  });

  it('falls back as a whole when an inserted text is missing in the template’s language', () => {
    expect(message('webhook', 'hmn', viOnly)).toEqual({
      language: 'vi',
      text: 'Kết thúc lấy ý kiến "Dự thảo A"',
    });
  });

  it('keeps the recipient’s language when the template inserts no text per language', () => {
    expect(message('sms', 'hmn', viOnly)).toEqual({ language: 'hmn', text: 'Kaw 12/TTr' });
  });

  it('is Vietnamese, with what text there is, when nothing fits', () => {
    expect(message('webhook', 'fr', closed({ hmn: 'Daim A' }))).toEqual({
      language: 'vi',
      text: 'Kết thúc lấy ý kiến ""',
    });
    expect(
      pickMessageTemplate(new Map(), compileTemplate, type, 'webhook', 'hmn', new Map()),
    ).toBeNull();
  });

  it('tries only the languages it is given', () => {
    const picked = pickMessageTemplate(
      templates,
      compileTemplate,
      type,
      'webhook',
      'hmn',
      localizedTexts(type, both),
      ['vi'],
    );
    expect(picked?.language).toBe('vi');
  });
});
