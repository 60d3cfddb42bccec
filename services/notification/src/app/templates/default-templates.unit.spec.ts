import { NOTIFIABLE_EVENT_TYPES } from '../notifiable-events.js';
import { isReplyEvent, REPLY_EVENT_TYPES } from '../reply-plan.js';
import { CHANNELS } from '../notification.model.js';
import { segmentSms } from '../sms-segments.js';
import { describe, expect, it } from 'vitest';
import { defaultTemplates } from './default-templates.js';
import { renderTemplate } from './template-render.js';
import {
  previewTemplate,
  SAMPLE_CONTEXT,
  sampleData,
  validateTemplateInput,
} from './template-rules.js';
import { compileTemplate } from './template-syntax.js';
import { buildVariables } from './template-variables.js';

const templates = defaultTemplates('2026-01-01T00:00:00.000Z');
const EVENTS = [
  'pcn.draft.v1.ConsultationOpened',
  'pcn.draft.v1.ConsultationClosingSoon',
  'pcn.draft.v1.ConsultationClosed',
  'pcn.draft.v1.DraftPromulgated',
  // Replies to a comment's submitter (issue #10).
  'pcn.feedback.v1.FeedbackReceived',
  'pcn.feedback.v1.FeedbackAnswered',
];

describe('default templates', () => {
  // Issue #8 asks for every event in every shipped language; this used to list Hmong for the
  // first two events only.
  it('cover every event × channel in Vietnamese and in Hmong', () => {
    const ids = templates.map((t) => t.id).sort();
    const expected = ['vi', 'hmn']
      .flatMap((l) => EVENTS.flatMap((e) => CHANNELS.map((c) => `${e}|${c}|${l}`)))
      .sort();
    expect(ids).toEqual(expected);
    for (const t of templates) {
      expect(t).toMatchObject({ updatedAt: '2026-01-01T00:00:00.000Z', updatedBy: 'system' });
    }
  });

  it('give every event the service sends a template on every channel in every shipped language', () => {
    const languages = [...new Set(templates.map((t) => t.language))].sort();
    expect(languages).toEqual(['hmn', 'vi']);
    const have = new Set(templates.map((t) => t.id));
    const missing = [...NOTIFIABLE_EVENT_TYPES, ...REPLY_EVENT_TYPES]
      .flatMap((e) => CHANNELS.flatMap((c) => languages.map((l) => `${e}|${c}|${l}`)))
      .filter((id) => !have.has(id));
    expect(missing).toEqual([]);
  });

  it.each(templates.map((t) => [t.id, t] as const))('%s validates and renders', (_id, t) => {
    const fields = validateTemplateInput(t);
    expect(fields).toEqual({
      id: t.id,
      eventType: t.eventType,
      channel: t.channel,
      language: t.language,
      subject: t.subject,
      body: t.body,
    });
    const out = previewTemplate(fields);
    expect(out.text).not.toMatch(/\{\{|\}\}|undefined|null|\[object/);
    if (t.channel === 'email') {
      expect(out.subject).not.toBe('');
      // A reply to someone's own comment is no subscription: there is nothing to unsubscribe from.
      if (isReplyEvent(t.eventType)) expect(out.html).not.toContain('huy-dang-ky');
      else expect(out.html).toContain('<a href="https://pcn.hagiang.gov.vn/huy-dang-ky/k7Qx2mP9">');
    } else {
      expect(out.html).toBeUndefined();
    }
    if (t.channel === 'sms') expect(segmentSms(out.text).segments).toBeLessThanOrEqual(2);
  });

  it('renders exact texts for sample data', () => {
    const find = (id: string) => {
      const t = templates.find((x) => x.id === id);
      if (!t) throw new Error(id);
      return previewTemplate(validateTemplateInput(t));
    };
    expect(find('pcn.draft.v1.ConsultationOpened|sms|vi')).toEqual({
      subject: 'Mời góp ý dự thảo',
      // Every SMS says how to stop them: STOP by SMS opts the number out.
      text: 'Mời góp ý dự thảo 142/TTr-SNNMT đến 01/04/2026: https://pcn.hagiang.gov.vn/du-thao/dt-2026-0142 Ngừng nhận: STOP',
    });
    expect(find('pcn.draft.v1.ConsultationClosingSoon|sms|hmn').text).toBe(
      'Kev sau tswv yim rau 142/TTr-SNNMT yuav kaw thaum 01/04/2026 17:00. Muab tswv yim: https://pcn.hagiang.gov.vn/du-thao/dt-2026-0142 Tsis txais: STOP',
    );
    expect(find('pcn.draft.v1.DraftPromulgated|in_app|vi')).toEqual({
      subject: 'Đã ban hành: Nghị quyết hỗ trợ phát triển sản xuất nông nghiệp',
      text: 'Văn bản số 25/2026/NQ-HĐND có hiệu lực từ ngày 01/05/2026.',
    });
  });

  it('escapes a hostile title in the email HTML and keeps it as is in the text', () => {
    const t = templates.find((x) => x.id === 'pcn.draft.v1.ConsultationOpened|email|vi')!;
    const data = {
      ...sampleData('pcn.draft.v1.ConsultationOpened'),
      title: { vi: '<script>alert(1)</script>' },
    };
    const out = renderTemplate(
      compileTemplate(t),
      buildVariables('pcn.draft.v1.ConsultationOpened', data, {
        ...SAMPLE_CONTEXT,
        language: 'vi',
      }),
      'email',
    );
    expect(out.subject).toBe('Mời góp ý dự thảo: <script>alert(1)</script>');
    expect(out.text).toContain('Dự thảo "<script>alert(1)</script>" (142/TTr-SNNMT)');
    expect(out.html).toContain(
      '<p>Dự thảo &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; (142/TTr-SNNMT) đang',
    );
    expect(out.html).not.toContain('<script>');
  });
});
