import { catalogue, type EventType } from '@pcn/events';
import type { z } from 'zod';
import { localize } from './language-fallback.js';
import { MAX_PATH_DEPTH, type TemplateValue, type TemplateVariables } from './template-syntax.js';

/**
 * The variables a template may use: the fields of its event's data, read from the catalogue's
 * schema so that a new field is available without a change here, plus a few every template gets.
 * Text per language (`title: { vi, hmn }`) is exposed as one string in the message's language.
 */

export type VariableKind =
  'text' | 'localized_text' | 'datetime' | 'date' | 'number' | 'boolean' | 'list' | 'url';

export interface VariableDescription {
  /** Dotted path, as written in a template. */
  name: string;
  kind: VariableKind;
  source: 'event' | 'common';
  /** May be empty (null in the event), so worth an `{{#if}}`. */
  optional: boolean;
  description?: string;
}

const COMMON: readonly VariableDescription[] = [
  {
    name: 'title',
    kind: 'localized_text',
    source: 'common',
    optional: false,
    description:
      "The draft's title in the message's language (the whole message is Vietnamese when the title or the template is missing in the recipient's)",
  },
  {
    name: 'draftUrl',
    kind: 'url',
    source: 'common',
    optional: true,
    description: 'Public page of the draft (empty for events about no draft)',
  },
  {
    name: 'unsubscribeUrl',
    kind: 'url',
    source: 'common',
    optional: false,
    description: 'One-click link that stops notifications on this channel',
  },
  {
    name: 'recipient.language',
    kind: 'text',
    source: 'common',
    optional: false,
    description: "The recipient's language tag",
  },
  {
    name: 'network.name',
    kind: 'text',
    source: 'common',
    optional: false,
    description: 'Name of the network, in the recipient language',
  },
];

/** An answer's outcome as the message says it, per language (the event has the code only). */
export const OUTCOME_TEXT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  accepted: { vi: 'được tiếp thu', hmn: 'tau txais yuav', en: 'was accepted' },
  partly_accepted: {
    vi: 'được tiếp thu một phần',
    hmn: 'tau txais yuav ib feem',
    en: 'was partly accepted',
  },
  not_accepted: { vi: 'không được tiếp thu', hmn: 'tsis tau txais yuav', en: 'was not accepted' },
  noted: { vi: 'đã được ghi nhận', hmn: 'tau sau tseg lawm', en: 'was noted' },
};

const DRAFT_CODE: VariableDescription = {
  name: 'draftCode',
  kind: 'text',
  source: 'common',
  optional: true,
  description:
    "The draft's code, from the service's copy of the draft (empty while it has not heard of it)",
};

/**
 * Variables of the messages to a comment's submitter, which their events lack: the draft's code
 * (and `title`, common to all) from the service's copy of the draft, and the answer's outcome in
 * words.
 */
const EXTRA: Partial<Record<EventType, readonly VariableDescription[]>> = {
  'pcn.feedback.v1.FeedbackReceived': [DRAFT_CODE],
  'pcn.feedback.v1.FeedbackAnswered': [
    DRAFT_CODE,
    {
      name: 'outcomeText',
      kind: 'localized_text',
      source: 'common',
      optional: false,
      description: "The answer's outcome in words, in the message's language",
    },
  ],
};

function outcomeText(eventType: EventType, data: unknown): Readonly<Record<string, string>> | null {
  if (eventType !== 'pcn.feedback.v1.FeedbackAnswered') return null;
  const outcome = readPath(data, 'outcome');
  return typeof outcome === 'string' && Object.hasOwn(OUTCOME_TEXT, outcome)
    ? (OUTCOME_TEXT[outcome] ?? null)
    : null;
}

/** Used when the service is not configured with its own name. */
export const DEFAULT_NETWORK_NAME: Readonly<Record<string, string>> = {
  vi: 'Mạng thông tin chính sách',
  // White Hmong (RPA); to be reviewed by a native speaker with the Hmong templates.
  hmn: 'Lub network xov xwm txog txoj cai',
  en: 'Policy Communication Network',
};

type Schema = z.core.$ZodType;

function walk(schema: Schema, path: string[], optional: boolean, out: VariableDescription[]): void {
  const def = schema._zod.def;
  const name = path.join('.');
  switch (def.type) {
    case 'nullable':
    case 'optional':
    case 'default':
    case 'readonly':
      walk((def as z.core.$ZodNullableDef).innerType, path, true, out);
      return;
    case 'object': {
      if (path.length >= MAX_PATH_DEPTH) return;
      const shape = (def as z.core.$ZodObjectDef).shape;
      for (const [key, field] of Object.entries(shape)) walk(field, [...path, key], optional, out);
      return;
    }
    case 'record': {
      // Text per language becomes a string; other maps (counts per group) have no text form.
      if (scalarKind((def as z.core.$ZodRecordDef).valueType) === 'text') {
        out.push({ name, kind: 'localized_text', source: 'event', optional });
      }
      return;
    }
    case 'array': {
      if (scalarKind((def as z.core.$ZodArrayDef).element)) {
        out.push({ name, kind: 'list', source: 'event', optional });
      }
      return;
    }
    default: {
      const kind = scalarKind(schema);
      if (kind) out.push({ name, kind, source: 'event', optional });
    }
  }
}

function scalarKind(schema: Schema): VariableKind | undefined {
  const def = schema._zod.def;
  switch (def.type) {
    case 'string': {
      const format = (def as z.core.$ZodStringFormatDef).format;
      if (format === 'datetime') return 'datetime';
      if (format === 'date') return 'date';
      if (format === 'url') return 'url';
      return 'text';
    }
    case 'enum':
    case 'literal':
      return 'text';
    case 'number':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'nullable':
    case 'optional':
      return scalarKind((def as z.core.$ZodNullableDef).innerType);
    default:
      return undefined;
  }
}

const described = new Map<EventType, readonly VariableDescription[]>();

/** Every variable of an event type, event fields first, for the admin UI's variable picker. */
export function describeVariables(eventType: EventType): readonly VariableDescription[] {
  let list = described.get(eventType);
  if (!list) {
    const fields: VariableDescription[] = [];
    walk(catalogue[eventType], [], false, fields);
    const extra = EXTRA[eventType] ?? [];
    const common = new Set([...extra, ...COMMON].map((c) => c.name));
    // A common variable wins over an event field of the same name (`title` in draft events).
    list = Object.freeze([...fields.filter((f) => !common.has(f.name)), ...extra, ...COMMON]);
    described.set(eventType, list);
  }
  return list;
}

export function variablesFor(eventType: EventType): Set<string> {
  return new Set(describeVariables(eventType).map((v) => v.name));
}

export interface VariableContext {
  /**
   * The message's language (canonical BCP 47): text per language is given in it, falling back
   * like templates do. The composer passes the language of the template it picked.
   */
  language: string;
  /** The recipient's own tag, for `recipient.language`; default `language`. */
  recipientLanguage?: string;
  draftUrl: string | null;
  unsubscribeUrl: string;
  /** Title for events whose data has none (the service looks up the draft). */
  title?: Readonly<Record<string, string>>;
  /** The draft's code, for events whose data has none (replies to a comment's submitter). */
  draftCode?: string | null;
  networkName?: string | Readonly<Record<string, string>>;
}

function readPath(data: unknown, path: string): unknown {
  let value = data;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, segment)) {
      return undefined;
    }
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function isTextRecord(value: unknown): value is Record<string, string> {
  return (
    value !== null &&
    typeof value === 'object' &&
    !Array.isArray(value) &&
    Object.values(value).every((v) => typeof v === 'string')
  );
}

function toValue(kind: VariableKind, raw: unknown, language: string): TemplateValue {
  if (raw === null || raw === undefined) return null;
  switch (kind) {
    case 'localized_text':
      return isTextRecord(raw) ? localize(raw, language) : null;
    case 'list':
      return Array.isArray(raw)
        ? raw.filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
        : null;
    case 'number':
      return typeof raw === 'number' ? raw : null;
    case 'boolean':
      return typeof raw === 'boolean' ? raw : null;
    default:
      return typeof raw === 'string' ? raw : null;
  }
}

function assign(target: Record<string, TemplateValue>, path: string, value: TemplateValue): void {
  const segments = path.split('.');
  let node = target;
  for (const segment of segments.slice(0, -1)) {
    const next = Object.hasOwn(node, segment) ? node[segment] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const created: Record<string, TemplateValue> = {};
      node[segment] = created;
      node = created;
    } else {
      node = next as Record<string, TemplateValue>;
    }
  }
  node[segments.at(-1)!] = value;
}

/**
 * The text-per-language values a template of this event could insert, by variable name: the
 * event's localized fields and the draft title. The message language is chosen so that every one
 * a template uses exists in it (`network.name` is the sender's name and does not take part).
 */
export function localizedTexts(
  eventType: EventType,
  data: unknown,
  context: Pick<VariableContext, 'title'> = {},
): Map<string, Readonly<Record<string, string>>> {
  const out = new Map<string, Readonly<Record<string, string>>>();
  for (const variable of describeVariables(eventType)) {
    if (variable.source !== 'event' || variable.kind !== 'localized_text') continue;
    const raw = readPath(data, variable.name);
    if (isTextRecord(raw)) out.set(variable.name, raw);
  }
  const title = readPath(data, 'title');
  if (isTextRecord(title)) out.set('title', title);
  else if (context.title) out.set('title', context.title);
  const outcome = outcomeText(eventType, data);
  if (outcome) out.set('outcomeText', outcome);
  return out;
}

/**
 * The object a template renders with: only the declared variables (never the raw event data), so
 * a template sees nothing its editor could not pick from the list.
 */
export function buildVariables(
  eventType: EventType,
  data: unknown,
  context: VariableContext,
): TemplateVariables {
  const out: Record<string, TemplateValue> = {};
  for (const variable of describeVariables(eventType)) {
    if (variable.source === 'event') {
      assign(
        out,
        variable.name,
        toValue(variable.kind, readPath(data, variable.name), context.language),
      );
    }
  }
  const title = readPath(data, 'title');
  const networkName = context.networkName ?? DEFAULT_NETWORK_NAME;
  assign(
    out,
    'title',
    isTextRecord(title)
      ? localize(title, context.language)
      : context.title
        ? localize(context.title, context.language)
        : '',
  );
  assign(out, 'draftUrl', context.draftUrl ?? '');
  const extra = new Set((EXTRA[eventType] ?? []).map((v) => v.name));
  if (extra.has('draftCode')) assign(out, 'draftCode', context.draftCode ?? '');
  if (extra.has('outcomeText')) {
    const outcome = outcomeText(eventType, data);
    assign(out, 'outcomeText', outcome ? localize(outcome, context.language) : '');
  }
  assign(out, 'unsubscribeUrl', context.unsubscribeUrl);
  assign(out, 'recipient.language', context.recipientLanguage ?? context.language);
  assign(
    out,
    'network.name',
    typeof networkName === 'string' ? networkName : localize(networkName, context.language),
  );
  return out;
}
