import { catalogue, isEventType, type EventData, type EventType } from '@pcn/events';
import { canonicalLanguage, InvalidArgumentError, type FieldViolation } from '@pcn/platform';
import { z } from 'zod';
import { isChannel, type Channel, type Template } from '../notification.model.js';
import { segmentSms } from '../sms-segments.js';
import { renderTemplate, templateId, type RenderedMessage } from './template-render.js';
import {
  compileTemplate,
  describeIssue,
  MAX_BODY_LENGTH,
  MAX_SUBJECT_LENGTH,
  parseTemplate,
  type ParsedTemplate,
  type TemplateVariables,
} from './template-syntax.js';
import { buildVariables, describeVariables, type VariableContext } from './template-variables.js';

/** Longer SMS cost more than they inform; five UCS-2 parts are already ~335 characters. */
export const MAX_SMS_SEGMENTS = 5;

export interface TemplateInput {
  eventType: string;
  channel: string;
  language: string;
  subject: string;
  body: string;
}

/** The canonical fields of a template; the use case adds `updatedAt` and `updatedBy`. */
export type TemplateFields = Omit<Template, 'updatedAt' | 'updatedBy' | 'eventType'> & {
  eventType: EventType;
};

/** Line breaks unified and trailing space dropped; leading text kept so positions stay true. */
function normaliseText(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\r\n?/g, '\n').trimEnd() : '';
}

/** Variables used but not offered for the event type, and filters applied to the wrong kind. */
function checkVariables(
  field: 'subject' | 'body',
  parsed: ParsedTemplate,
  eventType: EventType,
): FieldViolation[] {
  const kinds = new Map(describeVariables(eventType).map((v) => [v.name, v.kind]));
  const violations: FieldViolation[] = [];
  const reported = new Set<string>();
  for (const use of parsed.uses) {
    const kind = kinds.get(use.path);
    if (kind === undefined) {
      if (reported.has(use.path)) continue;
      reported.add(use.path);
      violations.push(
        describeIssue(field, {
          ...use,
          message: `unknown variable "${use.path}" for ${eventType}`,
        }),
      );
    } else if (use.filter === 'date' && kind !== 'datetime') {
      violations.push(
        describeIssue(field, {
          ...use,
          message: `"${use.path}" is ${kind === 'date' ? 'a date without time: use | dateonly' : `not a time (${kind})`}`,
        }),
      );
    } else if (use.filter === 'dateonly' && kind !== 'datetime' && kind !== 'date') {
      violations.push(
        describeIssue(field, { ...use, message: `"${use.path}" is not a date (${kind})` }),
      );
    }
  }
  return violations;
}

/**
 * Checks a template an administrator submits and returns its canonical fields, or throws one
 * InvalidArgumentError listing every problem found.
 */
export function validateTemplateInput(input: TemplateInput): TemplateFields {
  const violations: FieldViolation[] = [];
  const eventType = typeof input.eventType === 'string' ? input.eventType.trim() : '';
  const channel = typeof input.channel === 'string' ? input.channel.trim() : '';
  const language =
    typeof input.language === 'string' ? canonicalLanguage(input.language.trim()) : undefined;
  // One line: trimmed, so its columns count from the first visible character.
  const subject = normaliseText(input.subject).trim();
  const body = normaliseText(input.body);

  const knownType = isEventType(eventType);
  if (!knownType)
    violations.push({ field: 'eventType', description: `unknown event type "${eventType}"` });
  if (!isChannel(channel)) {
    violations.push({ field: 'channel', description: `unknown channel "${channel}"` });
  }
  if (!language) {
    violations.push({
      field: 'language',
      description: `"${String(input.language)}" is not a BCP 47 language tag`,
    });
  }

  if (subject.includes('\n'))
    violations.push({ field: 'subject', description: 'must be one line' });
  if (subject === '' && channel === 'email') {
    violations.push({ field: 'subject', description: 'is required for email' });
  }
  if (body.trim() === '') violations.push({ field: 'body', description: 'is required' });

  const parsedSubject = parseTemplate(subject, { maxLength: MAX_SUBJECT_LENGTH });
  const parsedBody = parseTemplate(body, { maxLength: MAX_BODY_LENGTH });
  if (!parsedSubject.ok)
    violations.push(...parsedSubject.errors.map((e) => describeIssue('subject', e)));
  if (!parsedBody.ok) violations.push(...parsedBody.errors.map((e) => describeIssue('body', e)));

  if (knownType) {
    if (parsedSubject.ok)
      violations.push(...checkVariables('subject', parsedSubject.template, eventType));
    if (parsedBody.ok) violations.push(...checkVariables('body', parsedBody.template, eventType));
  }

  // Only a template that is otherwise sound can be rendered to measure it.
  if (violations.length === 0 && knownType && channel === 'sms' && language) {
    const rendered = renderTemplate(
      compileTemplate({ subject, body }),
      sampleVariables(eventType, language),
      'sms',
    );
    const sms = segmentSms(rendered.text);
    if (sms.segments > MAX_SMS_SEGMENTS) {
      violations.push({
        field: 'body',
        description: `with sample values the SMS takes ${sms.segments} segments (${sms.units} ${sms.encoding} units); the limit is ${MAX_SMS_SEGMENTS}`,
      });
    }
  }

  if (violations.length > 0 || !knownType || !isChannel(channel) || !language) {
    throw new InvalidArgumentError(violations);
  }
  return {
    id: templateId(eventType, channel, language),
    eventType,
    channel,
    language,
    subject,
    body,
  };
}

// ---- sample data -------------------------------------------------------------------------------

/** Links of realistic length, so that previews and SMS length checks are honest. */
export const SAMPLE_CONTEXT: Omit<VariableContext, 'language'> = {
  draftUrl: 'https://pcn.hagiang.gov.vn/du-thao/dt-2026-0142',
  unsubscribeUrl: 'https://pcn.hagiang.gov.vn/huy-dang-ky/k7Qx2mP9',
  // Replies to a comment's submitter take these from the service's copy of the draft.
  draftCode: '142/TTr-SNNMT',
  title: {
    vi: 'Nghị quyết hỗ trợ phát triển sản xuất nông nghiệp',
    hmn: 'Txoj cai pab txhawb kev ua liaj ua teb',
  },
};

const SAMPLE_TIME = '2026-03-02T01:00:00Z';

/** Values for fields by name, where a generic value would be unrealistic or invalid (patterns). */
const SAMPLE_FIELDS: Record<string, unknown> = {
  draftId: 'dt-2026-0142',
  code: '142/TTr-SNNMT',
  documentType: 'nghi_quyet',
  agencyId: 'so-nong-nghiep-moi-truong',
  title: {
    vi: 'Nghị quyết hỗ trợ phát triển sản xuất nông nghiệp',
    hmn: 'Txoj cai pab txhawb kev ua liaj ua teb',
  },
  languages: ['vi', 'hmn'],
  language: 'vi',
  targetUnitIds: ['ha-giang', 'ha-giang.meo-vac'],
  ethnicGroups: ['hmong', 'dao'],
  audienceGroups: ['farmers'],
  policyAreas: ['agriculture'],
  publicDisclosure: true,
  version: 2,
  previousVersion: 1,
  changedFields: ['title', 'articles'],
  changedArticleIds: ['dieu-3', 'dieu-5'],
  opensAt: '2026-03-02T01:00:00Z',
  closesAt: '2026-04-01T10:00:00Z',
  closedAt: '2026-04-01T10:00:00Z',
  documentNumber: '25/2026/NQ-HĐND',
  signedOn: '2026-04-20',
  effectiveOn: '2026-05-01',
  amendedByDraftId: 'dt-2026-0188',
  repealedByDraftId: 'dt-2026-0190',
  feedbackId: 'gy-2026-003117',
  receiptCode: '7K3M-Q9PX',
  articleId: 'dieu-3',
  unitId: 'ha-giang.meo-vac',
  reason: 'Nội dung trùng lặp',
  amount: '150000000',
  currency: 'VND',
  feedbackCount: 412,
  acceptedCount: 57,
  quantity: 4,
  deliverables: 4,
  respondents: 120,
  positive: 87,
  attendance: {
    total: 86,
    byEthnicGroup: { hmong: 61, dao: 25 },
    byGender: { female: 44, male: 42 },
  },
  startsOn: '2026-03-05',
  dueOn: '2026-03-25',
  attempts: 3,
  units: [
    {
      id: 'ha-giang.meo-vac',
      name: 'Huyện Mèo Vạc',
      level: 'district',
      path: ['ha-giang', 'ha-giang.meo-vac'],
      active: false,
    },
  ],
  treeFingerprint: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
};

type Schema = z.core.$ZodType;

function sampleFor(schema: Schema, key: string): unknown {
  // By name, as long as it fits this schema (`amount` is a string in one event, money in another).
  if (Object.hasOwn(SAMPLE_FIELDS, key) && z.safeParse(schema, SAMPLE_FIELDS[key]).success) {
    return structuredClone(SAMPLE_FIELDS[key]);
  }
  const def = schema._zod.def;
  switch (def.type) {
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
      return sampleFor((def as z.core.$ZodNullableDef).innerType, key);
    case 'object':
      return Object.fromEntries(
        Object.entries((def as z.core.$ZodObjectDef).shape).map(([k, v]) => [k, sampleFor(v, k)]),
      );
    case 'array':
      return [sampleFor((def as z.core.$ZodArrayDef).element, key)];
    case 'record':
      return {};
    case 'enum':
      return Object.values((def as z.core.$ZodEnumDef).entries)[0];
    case 'literal':
      return (def as z.core.$ZodLiteralDef<z.core.util.Literal>).values[0];
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'string': {
      const format = (def as z.core.$ZodStringFormatDef).format;
      if (format === 'datetime') return SAMPLE_TIME;
      if (format === 'date') return SAMPLE_TIME.slice(0, 10);
      return `${key}-1`;
    }
    default:
      return null;
  }
}

/** Realistic data for an event type, valid against its catalogue schema, for previews. */
export function sampleData<T extends EventType>(eventType: T): EventData<T> {
  return sampleFor(catalogue[eventType], '') as EventData<T>;
}

export function sampleVariables(eventType: EventType, language: string): TemplateVariables {
  return buildVariables(eventType, sampleData(eventType), { ...SAMPLE_CONTEXT, language });
}

/** A template rendered with sample values, as the admin UI previews it. */
export function previewTemplate(template: {
  eventType: EventType;
  channel: Channel;
  language: string;
  subject: string;
  body: string;
}): RenderedMessage {
  return renderTemplate(
    compileTemplate(template),
    sampleVariables(template.eventType, template.language),
    template.channel,
  );
}
