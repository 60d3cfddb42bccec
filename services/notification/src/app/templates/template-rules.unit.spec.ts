import { catalogue, EVENT_TYPES } from '@pcn/events';
import { InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { describe, expect, it } from 'vitest';
import { sampleData, validateTemplateInput, type TemplateInput } from './template-rules.js';

const valid: TemplateInput = {
  eventType: 'pcn.draft.v1.ConsultationOpened',
  channel: 'email',
  language: 'HMN',
  subject: '  Thov muab tswv yim: {{title}} ',
  body: 'Nyob zoo,\r\n{{title}} mus txog {{closesAt | date}}.\r\n',
};

function violationsOf(input: TemplateInput): readonly FieldViolation[] {
  try {
    validateTemplateInput(input);
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidArgumentError);
    return (err as InvalidArgumentError).violations;
  }
  throw new Error('expected the input to be refused');
}

describe('template rules', () => {
  it('returns canonical fields for a valid template', () => {
    expect(validateTemplateInput(valid)).toEqual({
      id: 'pcn.draft.v1.ConsultationOpened|email|hmn',
      eventType: 'pcn.draft.v1.ConsultationOpened',
      channel: 'email',
      language: 'hmn',
      subject: 'Thov muab tswv yim: {{title}}',
      body: 'Nyob zoo,\n{{title}} mus txog {{closesAt | date}}.',
    });
  });

  it('lists every problem at once', () => {
    expect(
      violationsOf({
        eventType: 'pcn.draft.v1.Nope',
        channel: 'fax',
        language: 'not a tag',
        subject: '',
        body: 'x {{#if a}}',
      }),
    ).toEqual([
      { field: 'eventType', description: 'unknown event type "pcn.draft.v1.Nope"' },
      { field: 'channel', description: 'unknown channel "fax"' },
      { field: 'language', description: '"not a tag" is not a BCP 47 language tag' },
      { field: 'body', description: 'line 1, column 3: {{#if}} is never closed with {{/if}}' },
    ]);
  });

  it('names each unknown variable with its position, once', () => {
    expect(
      violationsOf({
        ...valid,
        subject: '{{title}} {{documentNumber}}',
        body: 'Hi {{ recipient.name }}\n{{#if feedbackId}}{{feedbackId}}{{/if}} {{recipient.name}}',
      }),
    ).toEqual([
      {
        field: 'subject',
        description:
          'line 1, column 11: unknown variable "documentNumber" for pcn.draft.v1.ConsultationOpened',
      },
      {
        field: 'body',
        description:
          'line 1, column 4: unknown variable "recipient.name" for pcn.draft.v1.ConsultationOpened',
      },
      {
        field: 'body',
        description:
          'line 2, column 1: unknown variable "feedbackId" for pcn.draft.v1.ConsultationOpened',
      },
    ]);
  });

  it('refuses date filters on values that are not times or dates', () => {
    expect(
      violationsOf({
        ...valid,
        eventType: 'pcn.draft.v1.DraftPromulgated',
        body: '{{signedOn | date}} {{code | dateonly}} {{effectiveOn | dateonly}}',
      }),
    ).toEqual([
      {
        field: 'body',
        description: 'line 1, column 1: "signedOn" is a date without time: use | dateonly',
      },
      { field: 'body', description: 'line 1, column 21: "code" is not a date (text)' },
    ]);
  });

  it('requires a one-line subject for email, and a body', () => {
    expect(violationsOf({ ...valid, subject: ' ', body: '' })).toEqual([
      { field: 'subject', description: 'is required for email' },
      { field: 'body', description: 'is required' },
    ]);
    expect(violationsOf({ ...valid, subject: 'a\nb' })).toEqual([
      { field: 'subject', description: 'must be one line' },
    ]);
    expect(validateTemplateInput({ ...valid, channel: 'webhook', subject: '' }).subject).toBe('');
  });

  it('refuses hostile templates', () => {
    expect(violationsOf({ ...valid, body: '{{constructor}} {{__proto__.x}}' })).toEqual([
      {
        field: 'body',
        description: 'line 1, column 1: "constructor" is not allowed in a variable name',
      },
      {
        field: 'body',
        description: 'line 1, column 17: "__proto__" is not allowed in a variable name',
      },
    ]);
    expect(violationsOf({ ...valid, body: 'a'.repeat(10_001) })).toEqual([
      {
        field: 'body',
        description: 'line 1, column 10001: template is 10001 characters long; the limit is 10000',
      },
    ]);
    expect(violationsOf({ ...valid, subject: 'a'.repeat(301) })[0]?.description).toBe(
      'line 1, column 301: template is 301 characters long; the limit is 300',
    );
  });

  it('measures SMS with sample values: five segments at most', () => {
    const sms = { ...valid, channel: 'sms', language: 'vi', subject: '' };
    // 5 × 67 = 335 units; the sample vi title is 49 characters.
    expect(validateTemplateInput({ ...sms, body: `${'ả'.repeat(286)}{{title}}` }).channel).toBe(
      'sms',
    );
    expect(violationsOf({ ...sms, body: `${'ả'.repeat(287)}{{title}}` })).toEqual([
      {
        field: 'body',
        description:
          'with sample values the SMS takes 6 segments (336 UCS-2 units); the limit is 5',
      },
    ]);
  });
});

describe('sample data', () => {
  it.each(EVENT_TYPES)('is valid for %s', (type) => {
    const result = catalogue[type].safeParse(sampleData(type));
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it('is realistic for draft events', () => {
    expect(sampleData('pcn.draft.v1.ConsultationOpened')).toMatchObject({
      code: '142/TTr-SNNMT',
      title: { vi: 'Nghị quyết hỗ trợ phát triển sản xuất nông nghiệp' },
      closesAt: '2026-04-01T10:00:00Z',
    });
  });
});
